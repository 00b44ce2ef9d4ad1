package io.paratune.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The outcome of one real-model study (one problem, sampler and seed), as one JSON results line.
 *
 * @param problem the problem's name
 * @param sampler the sampler's label as given to {@code --samplers} (name and options)
 * @param seed the sampler's seed
 * @param budget the trials asked for (rounds times batch)
 * @param batch the study's parallelism
 * @param values each trial's loss by trial number; NaN for a trial without one
 * @param complete trials that finished with a value
 * @param modelFailures trials failed by the model itself (an exception in scikit-learn)
 * @param samplerFailures trials lost to the sampler or the CLI, plus one for a study that crashed,
 *     plus each sampler warning; the suite requires zero
 * @param warnings other warnings the study logged (not counted as failures)
 * @param exitCode the exit code of {@code paratune run}
 * @param issues what went wrong, one line each (at most {@link #MAX_ISSUES})
 * @param wallSeconds the study's wall time, {@code run} and {@code export}
 */
record RealModelRun(
        String problem,
        String sampler,
        long seed,
        int budget,
        int batch,
        double[] values,
        int complete,
        int modelFailures,
        int samplerFailures,
        int warnings,
        int exitCode,
        List<String> issues,
        double wallSeconds) {
    static final int MAX_ISSUES = 10;
    private static final ObjectMapper JSON = new ObjectMapper();

    RealModelRun {
        values = values.clone();
        issues = List.copyOf(issues);
    }

    /** Best loss among the first {@code n} trials, for n = 1..values.length (+infinity before the first value). */
    double[] trajectory() {
        double[] out = new double[values.length];
        double best = Double.POSITIVE_INFINITY;
        for (int i = 0; i < values.length; i++) {
            if (!Double.isNaN(values[i])) {
                best = Math.min(best, values[i]);
            }
            out[i] = best;
        }
        return out;
    }

    /** Best loss among the first {@code n} trials (all there are when fewer ran); +infinity for none. */
    double bestAfter(int n) {
        double[] t = trajectory();
        return t.length == 0 ? Double.POSITIVE_INFINITY : t[Math.min(n, t.length) - 1];
    }

    /** The results line. */
    String toJson(String system, String environment) {
        ObjectNode o = JSON.createObjectNode();
        o.put("system", system);
        o.put("suite", "real-models");
        o.put("environment", environment);
        o.put("problem", problem);
        o.put("sampler", sampler);
        o.put("seed", seed);
        o.put("budget", budget);
        o.put("batch", batch);
        o.put("trials", values.length);
        o.put("complete", complete);
        o.put("model_failures", modelFailures);
        o.put("sampler_failures", samplerFailures);
        o.put("warnings", warnings);
        o.put("exit_code", exitCode);
        ArrayNode v = o.putArray("values");
        for (double x : values) {
            if (Double.isNaN(x)) {
                v.addNull();
            } else {
                v.add(x);
            }
        }
        o.put(
                "best",
                values.length == 0
                        ? null
                        : Double.isFinite(bestAfter(values.length)) ? bestAfter(values.length) : null);
        ArrayNode is = o.putArray("issues");
        issues.forEach(is::add);
        o.put("wall_seconds", Math.round(wallSeconds * 100) / 100.0);
        return o.toString();
    }

    /** Reads a results line back. */
    static RealModelRun fromJson(JsonNode o) {
        JsonNode v = o.path("values");
        double[] values = new double[v.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = v.get(i).isNumber() ? v.get(i).doubleValue() : Double.NaN;
        }
        List<String> issues = new ArrayList<>();
        o.path("issues").forEach(i -> issues.add(i.asText()));
        return new RealModelRun(
                o.path("problem").asText(),
                o.path("sampler").asText(),
                o.path("seed").asLong(),
                o.path("budget").asInt(),
                o.path("batch").asInt(),
                values,
                o.path("complete").asInt(),
                o.path("model_failures").asInt(),
                o.path("sampler_failures").asInt(),
                o.path("warnings").asInt(),
                o.path("exit_code").asInt(),
                issues,
                o.path("wall_seconds").asDouble());
    }
}
