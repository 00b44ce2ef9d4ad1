package io.paratune.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@code storage-worker} in its own JVM, on this JVM's class path (the benchmark jar re-launching
 * itself). Its standard error goes to a log file, which failure messages quote.
 */
final class WorkerProcess {
    private final Process process;
    private final BufferedReader stdout;
    private final Path log;
    private final Path result;

    private WorkerProcess(Process process, Path log, Path result) {
        this.process = process;
        this.stdout = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.log = log;
        this.result = result;
    }

    /** Whether workers run from jar files only, as a class-data-sharing archive requires. */
    static boolean classPathIsJars() {
        for (String entry : classPath().split(java.io.File.pathSeparator)) {
            if (!entry.endsWith(".jar")) {
                return false;
            }
        }
        return true;
    }

    private static String classPath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    /**
     * Starts a worker.
     *
     * @param javaOpts JVM options, separated by spaces
     * @param workerArgs the {@code storage-worker} options except {@code --result}
     * @param dir where its log and result files go
     * @param name names those files
     */
    static WorkerProcess start(String javaOpts, List<String> workerArgs, Path dir, String name) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classPath = classPath();
        List<String> command = new ArrayList<>();
        command.add(java);
        for (String opt : javaOpts.trim().split("\\s+")) {
            if (!opt.isEmpty()) {
                command.add(opt);
            }
        }
        command.addAll(List.of("-cp", classPath, BenchMain.class.getName(), "storage-worker"));
        command.addAll(workerArgs);
        Path log = dir.resolve(name + ".log");
        Path result = dir.resolve(name + ".result");
        Files.deleteIfExists(result);
        command.addAll(List.of("--result", result.toString()));
        Process p = new ProcessBuilder(command).redirectError(log.toFile()).start();
        return new WorkerProcess(p, log, result);
    }

    /**
     * Waits until the worker has loaded the study and printed {@code ready} (skipping anything the
     * JVM prints before, such as notices of options in {@code --worker-java-opts}).
     */
    void awaitReady() throws IOException {
        StringBuilder printed = new StringBuilder();
        for (String line = stdout.readLine(); line != null; line = stdout.readLine()) {
            if (line.equals(StorageWorkerCommand.READY)) {
                return;
            }
            printed.append(line).append('\n');
        }
        process.destroyForcibly();
        throw new IllegalStateException("worker " + log.getFileName() + " exited before it got ready; it printed:\n"
                + printed + "its log:\n" + logText());
    }

    /** Sends the start signal. */
    void go() throws IOException {
        OutputStream in = process.getOutputStream();
        in.write('\n');
        in.flush();
    }

    /** Waits for a successful exit and returns what the worker measured. */
    StorageWorkload.Result await(long timeoutSeconds) throws IOException, InterruptedException {
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("worker " + log.getFileName() + " did not finish in " + timeoutSeconds
                    + " s; its log:\n" + logText());
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException(
                    "worker " + log.getFileName() + " exited with " + process.exitValue() + "; its log:\n" + logText());
        }
        return StorageWorkerCommand.read(result);
    }

    /** Kills the worker if it still runs. */
    void kill() {
        process.destroyForcibly();
    }

    private String logText() {
        try {
            return Files.exists(log) ? Files.readString(log) : "(no log)";
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }
}
