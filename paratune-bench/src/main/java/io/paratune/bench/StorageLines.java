package io.paratune.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the {@code storage} benchmark's result lines (the fields every line starts with, latency
 * fields, the load average) to standard output and to {@code --out}.
 */
final class StorageLines {
    private StorageLines() {}

    static JsonLine head(StorageContext ctx, String mode, String backend) {
        JsonLine j = new JsonLine()
                .put("system", ctx.system)
                .put("runtime", ctx.runtime)
                .put("benchmark", "storage")
                .put("mode", mode)
                .put("backend", backend);
        if (backend.equals("postgresql")) {
            j.put("server", ctx.postgresSettings);
        }
        return j.put("cpus", Runtime.getRuntime().availableProcessors());
    }

    static void latency(JsonLine j, String name, Latency l) {
        j.put(name + "_us_p50", l.p50(), 1).put(name + "_us_p99", l.p99(), 1).put(name + "_us_mean", l.mean(), 1);
    }

    static void emit(StorageContext ctx, JsonLine j) {
        String line = j.toString();
        ctx.out.println(line);
        ctx.out.flush();
        Path file = ctx.options.out;
        ResultFiles.appendLine(file, line);
    }

    /** The 1, 5 and 15 minute load averages, or "-" where the system does not say. */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "-";
        }
    }
}
