package io.paratune.storage.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Starts test worker mains as separate JVMs on the test class path. */
final class WorkerProcesses {
    private WorkerProcesses() {}

    /** Starts {@code main} with {@code args} in a new JVM, its output going to {@code log}. */
    static Process start(Class<?> main, Path log, String... args) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(
                List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", classPath));
        String logging = System.getProperty("java.util.logging.config.file");
        if (logging != null) {
            command.add("-Djava.util.logging.config.file=" + logging);
        }
        command.add(main.getName());
        command.addAll(List.of(args));
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }

    /** Waits for every process to exit 0, failing with its output otherwise. */
    static void awaitSuccess(List<Process> processes, List<Path> logs, long timeoutSeconds)
            throws InterruptedException, IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        for (int i = 0; i < processes.size(); i++) {
            Process p = processes.get(i);
            boolean exited = p.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (!exited) {
                processes.forEach(Process::destroyForcibly);
            }
            String output = Files.exists(logs.get(i)) ? Files.readString(logs.get(i)) : "";
            assertThat(exited)
                    .as("worker %d finished in time; its output:%n%s", i, output)
                    .isTrue();
            assertThat(p.exitValue())
                    .as("exit code of worker %d; its output:%n%s", i, output)
                    .isZero();
        }
    }
}
