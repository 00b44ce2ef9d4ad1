package io.paratune.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the real {@code paratune} command (the shaded jar) in a separate process, as a user would. */
final class Cli {
    static final Path JAR = Path.of(System.getProperty("paratune.cli.jar", "target/paratune-cli.jar"));

    private Cli() {}

    /** The finished command: exit code, stdout and stderr. */
    record Result(int code, String out, String err) {
        JsonNode exportJson() {
            try {
                return new ObjectMapper().readTree(out);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    static ProcessBuilder builder(Path dir, Map<String, String> env, String... args) {
        List<String> cmd = new ArrayList<>(List.of(
                "java",
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-jar",
                JAR.toAbsolutePath().toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        pb.environment().putAll(env);
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        return pb;
    }

    /** Starts the command with stdout and stderr going to files in {@code dir}. */
    static Process start(Path dir, Map<String, String> env, String name, String... args) throws IOException {
        return builder(dir, env, args)
                .redirectOutput(dir.resolve(name + ".out").toFile())
                .redirectError(dir.resolve(name + ".err").toFile())
                .start();
    }

    static Result finish(Process p, Path dir, String name) throws Exception {
        assertThat(p.waitFor(90, TimeUnit.SECONDS)).as("paratune %s ends", name).isTrue();
        return new Result(
                p.exitValue(),
                Files.readString(dir.resolve(name + ".out")),
                Files.readString(dir.resolve(name + ".err")));
    }

    private static int runs;

    static Result run(Path dir, String... args) throws Exception {
        return run(dir, Map.of(), args);
    }

    static Result run(Path dir, Map<String, String> env, String... args) throws Exception {
        String name = "cli-" + (runs++);
        return finish(start(dir, env, name, args), dir, name);
    }

    /** Writes an executable script. */
    static Path script(Path dir, String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return p;
    }

    static Path write(Path dir, String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text, StandardCharsets.UTF_8);
        return p;
    }

    /** Waits (polling the file system) until {@code file} has at least {@code lines} lines. */
    static void awaitLines(Path file, int lines, Process p) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < end) {
            if (Files.exists(file) && Files.readAllLines(file).size() >= lines) {
                return;
            }
            assertThat(p.isAlive())
                    .as("paratune is still running while we wait for %s", file)
                    .isTrue();
            p.waitFor(100, TimeUnit.MILLISECONDS);
        }
        throw new AssertionError(file + " did not reach " + lines + " lines");
    }
}
