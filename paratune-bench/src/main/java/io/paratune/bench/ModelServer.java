package io.paratune.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real-model suite's Python side ({@code model_server.py} in the models folder): lists the
 * problems, and runs the server that evaluates every trial (scikit-learn imported and the data
 * loaded once; one forked child per trial). Each evaluation is logged, so the suite can tell a
 * model's failure from the sampler's or the CLI's.
 */
final class ModelServer implements AutoCloseable {
    /** model_server.py's exit code when scikit-learn is missing. */
    static final int MISSING_SKLEARN = 3;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final Path socket;
    private final Path log;
    private final String banner;

    private ModelServer(Process process, Path socket, Path log, String banner) {
        this.process = process;
        this.socket = socket;
        this.log = log;
        this.banner = banner;
    }

    /** Why the suite cannot run: a missing python, scikit-learn or models folder. */
    static final class Unavailable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Unavailable(String message) {
            super(message);
        }
    }

    /** The problems defined in {@code modelsDir/problems.py}; needs only python, not scikit-learn. */
    static List<RealModelProblem> describe(String python, Path modelsDir) {
        Path script = script(modelsDir);
        try {
            Process p = new ProcessBuilder(python, script.toString(), "--describe")
                    .redirectErrorStream(true)
                    .start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new Unavailable(python + " " + script + " --describe failed: "
                        + new String(out, StandardCharsets.UTF_8).strip());
            }
            return RealModelProblem.fromJson(JSON.readTree(out));
        } catch (IOException e) {
            throw new Unavailable("cannot run " + python + " (" + e.getMessage() + "); give --python PATH, a python3"
                    + " with scikit-learn (Debian: apt-get install python3-sklearn)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * Starts the server for {@code problems} and waits until it listens.
     *
     * @param socketDir a short folder for the Unix socket (their paths are limited to about 100 bytes)
     * @param log the JSON-lines file every evaluation is appended to
     * @throws Unavailable when python lacks scikit-learn, naming the package to install
     */
    static ModelServer start(String python, Path modelsDir, List<String> problems, Path socketDir, Path log)
            throws IOException {
        Path socket = socketDir.resolve("models.sock");
        Files.createDirectories(log.toAbsolutePath().getParent());
        Path errors = log.resolveSibling("model-server.err");
        ProcessBuilder pb = new ProcessBuilder(
                        python,
                        script(modelsDir).toString(),
                        "--socket",
                        socket.toString(),
                        "--log",
                        log.toString(),
                        "--problems",
                        String.join(",", problems))
                .redirectError(errors.toFile());
        pb.environment().put("PYTHONUNBUFFERED", "1");
        Process p = pb.start();
        BufferedReader reader = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = reader.readLine();
        if (line == null || !line.startsWith("ready")) {
            try {
                p.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            String why = Files.exists(errors) ? Files.readString(errors).strip() : "";
            p.destroyForcibly();
            if (!p.isAlive() && p.exitValue() == MISSING_SKLEARN) {
                throw new Unavailable(why);
            }
            throw new IllegalStateException(
                    "the model server did not start: " + (line == null ? "" : line + " ") + why);
        }
        Thread drain = new Thread(
                () -> {
                    try {
                        while (reader.readLine() != null) {
                            // the server prints nothing more; keep its pipe from filling up
                        }
                    } catch (IOException ignored) {
                        // the server ended
                    }
                },
                "model-server-stdout");
        drain.setDaemon(true);
        drain.start();
        return new ModelServer(p, socket, log, line.substring("ready:".length()).strip());
    }

    private static Path script(Path modelsDir) {
        Path script = modelsDir.resolve("model_server.py").toAbsolutePath().normalize();
        if (!Files.isRegularFile(script)) {
            throw new Unavailable(script + " does not exist; give --models-dir, the folder with model_server.py"
                    + " (paratune-bench/real-models in the repository)");
        }
        return script;
    }

    /** The socket trials connect to. */
    Path socket() {
        return socket;
    }

    /** The server's first line: scikit-learn and python versions. */
    String banner() {
        return banner;
    }

    /** Whether the server still runs. */
    boolean alive() {
        return process.isAlive();
    }

    /**
     * The logged evaluations of one study by trial number (the last one where a number repeats).
     *
     * @return trial number to the log line: {@code value}, or {@code error} and {@code kind}
     */
    Map<Integer, JsonNode> evaluations(String study) {
        Map<Integer, JsonNode> out = new HashMap<>();
        if (!Files.exists(log)) {
            return out;
        }
        try {
            String key = JSON.writeValueAsString(study);
            for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
                if (!line.contains(key)) {
                    continue;
                }
                JsonNode n = JSON.readTree(line);
                if (study.equals(n.path("study").asText())
                        && n.path("trial").asText().matches("\\d+")) {
                    out.put(Integer.parseInt(n.path("trial").asText()), n);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + log + " failed: " + e.getMessage(), e);
        }
        return out;
    }

    /** Stops the server and any evaluation still running. */
    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            Files.deleteIfExists(socket);
        } catch (IOException ignored) {
            // a stale socket file in a temporary folder is harmless
        }
    }
}
