package io.paratune.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Normalised scores of real-model runs, so that samplers compare across problems whose losses have
 * different scales: for a run of problem p after n trials,
 * {@code score = 100 * (1 - (best_n - opt_p) / (rand_{p,n} - opt_p))}, where {@code opt_p} is the
 * best loss any run of p reached (over every sampler, seed and trial of the results given) and
 * {@code rand_{p,n}} is the mean over seeds of the best loss random search had after n trials. 100
 * is the best loss known, 0 is random search's average, below 0 worse than it (Bayesmark's
 * normalised score, with random search as the reference at the same budget). Where random search
 * reached {@code opt_p} in every seed by n, the score is undefined (NaN) and left out of medians.
 */
final class RealModelsTable {
    static final String RANDOM = "random";

    private final List<RealModelRun> runs;
    private final Map<String, Double> opt = new LinkedHashMap<>();

    RealModelsTable(List<RealModelRun> runs) {
        this.runs = List.copyOf(runs);
        for (RealModelRun r : runs) {
            double best = r.values().length == 0 ? Double.POSITIVE_INFINITY : r.bestAfter(r.values().length);
            opt.merge(r.problem(), best, Math::min);
        }
    }

    /** The best loss seen for {@code problem} in any run. */
    double opt(String problem) {
        return opt.getOrDefault(problem, Double.NaN);
    }

    /** Mean best loss of random search after {@code n} trials on {@code problem}; NaN without random runs. */
    double random(String problem, int n) {
        double sum = 0;
        int count = 0;
        for (RealModelRun r : runs) {
            if (r.problem().equals(problem) && r.sampler().equals(RANDOM) && r.values().length > 0) {
                sum += r.bestAfter(n);
                count++;
            }
        }
        return count == 0 ? Double.NaN : sum / count;
    }

    /** The normalised score of {@code run} after {@code n} trials (see the class comment). */
    double score(RealModelRun run, int n) {
        double o = opt(run.problem());
        double rand = random(run.problem(), n);
        double best = run.values().length == 0 ? Double.POSITIVE_INFINITY : run.bestAfter(n);
        double span = rand - o;
        if (!(span > 1e-12 * Math.max(1, Math.abs(o))) || !Double.isFinite(best)) {
            return Double.NaN;
        }
        return 100 * (1 - (best - o) / span);
    }

    /** Samplers in the order they first appear. */
    List<String> samplers() {
        Set<String> out = new LinkedHashSet<>();
        runs.forEach(r -> out.add(r.sampler()));
        return List.copyOf(out);
    }

    List<String> problems() {
        Set<String> out = new LinkedHashSet<>();
        runs.forEach(r -> out.add(r.problem()));
        return List.copyOf(out);
    }

    /** The median score of a sampler's runs (all problems and seeds, or one problem) after {@code n} trials. */
    double medianScore(String sampler, String problemOrNull, int n) {
        List<Double> scores = new ArrayList<>();
        for (RealModelRun r : runs) {
            if (r.sampler().equals(sampler)
                    && (problemOrNull == null || r.problem().equals(problemOrNull))) {
                double s = score(r, n);
                if (!Double.isNaN(s)) {
                    scores.add(s);
                }
            }
        }
        return Stats.median(scores.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** The two tables in Markdown: per sampler at each checkpoint, and per problem at the last one. */
    String markdown(List<Integer> checkpoints) {
        StringBuilder sb = new StringBuilder();
        sb.append("| sampler | runs |");
        checkpoints.forEach(n -> sb.append(" score @").append(n).append(" |"));
        sb.append(" sampler failures | model failures | studies crashed | other warnings |\n|---|---|");
        checkpoints.forEach(n -> sb.append("---|"));
        sb.append("---|---|---|---|\n");
        for (String s : samplers()) {
            List<RealModelRun> mine =
                    runs.stream().filter(r -> r.sampler().equals(s)).toList();
            sb.append("| ").append(s).append(" | ").append(mine.size()).append(" |");
            checkpoints.forEach(
                    n -> sb.append(' ').append(fmt(medianScore(s, null, n))).append(" |"));
            sb.append(' ')
                    .append(mine.stream()
                            .mapToInt(RealModelRun::samplerFailures)
                            .sum())
                    .append(" | ")
                    .append(mine.stream().mapToInt(RealModelRun::modelFailures).sum())
                    .append(" | ")
                    .append(mine.stream().filter(r -> r.exitCode() != 0).count())
                    .append(" | ")
                    .append(mine.stream().mapToInt(RealModelRun::warnings).sum())
                    .append(" |\n");
        }
        int last = checkpoints.get(checkpoints.size() - 1);
        sb.append("\nMedian score after ")
                .append(last)
                .append(" trials per problem; `best loss` is the best loss seen in any run, `random loss` random")
                .append(" search's mean best after ")
                .append(last)
                .append(" trials.\n\n")
                .append("| problem | best loss | random loss |");
        samplers().forEach(s -> sb.append(' ').append(s).append(" |"));
        sb.append("\n|---|---|---|");
        samplers().forEach(s -> sb.append("---|"));
        sb.append('\n');
        for (String p : problems()) {
            sb.append("| ")
                    .append(p)
                    .append(" | ")
                    .append(loss(opt(p)))
                    .append(" | ")
                    .append(loss(random(p, last)))
                    .append(" |");
            samplers()
                    .forEach(s ->
                            sb.append(' ').append(fmt(medianScore(s, p, last))).append(" |"));
            sb.append('\n');
        }
        return sb.toString();
    }

    private static String fmt(double score) {
        // rounded first, so that a score a hair below zero does not print as "-0.0"
        return Double.isNaN(score) ? "n/a" : String.format(Locale.ROOT, "%.1f", Math.round(score * 10) / 10.0 + 0.0);
    }

    private static String loss(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.4f", v) : "n/a";
    }
}
