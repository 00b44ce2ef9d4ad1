package io.paratune.cli;

import java.util.ArrayList;
import java.util.List;

/** Reads which GPUs a study file gives its trials: {@code gpus} and {@code gpus_per_trial}. */
final class GpuFields {
    private GpuFields() {}

    /** Null for CPU only ({@code none}, {@code false} or absent), empty for {@code auto}, else the ids. */
    static List<String> gpus(Fields f) {
        Yaml.Value v = f.get("gpus");
        if (v == null || Boolean.FALSE.equals(v.value()) || "none".equals(v.value())) {
            return null;
        }
        if ("auto".equals(v.value())) {
            return List.of();
        }
        if (!v.isList() || v.list().isEmpty()) {
            throw v.error("expected auto, none or a list of GPU ids such as [0, 1], got " + v.shown());
        }
        List<String> ids = new ArrayList<>();
        for (Yaml.Value id : v.list()) {
            String s = String.valueOf(id.value());
            if (id.isMap() || id.isList() || s.isBlank() || ids.contains(s)) {
                throw id.error(
                        "GPU id " + id.shown() + " is empty, repeated or not a single value; list each GPU" + " once");
            }
            ids.add(s);
        }
        return ids;
    }

    /** GPUs per trial (1 by default): a whole number up to the GPUs listed, or 1/k. */
    static double perTrial(Fields f, List<String> gpus) {
        Yaml.Value v = f.get("gpus_per_trial");
        if (v == null) {
            return 1;
        }
        if (gpus == null) {
            throw v.error("gpus_per_trial needs GPUs, and this study has none; add 'gpus: auto' (found with"
                    + " nvidia-smi) or list them (gpus: [0, 1]), or remove gpus_per_trial");
        }
        double g = Fields.number(v);
        boolean whole = g >= 1 && g == Math.rint(g);
        boolean share = g > 0 && g < 1 && Math.abs(1 / g - Math.rint(1 / g)) < 1e-9;
        if (!whole && !share) {
            throw v.error("gpus_per_trial=" + g + " must be a whole number (1, 2, ...) or a fraction 1/k such as"
                    + " 0.5 or 0.25 (k trials share one GPU)");
        }
        if (gpus != null && !gpus.isEmpty() && whole && g > gpus.size()) {
            throw v.error("gpus_per_trial=" + (long) g + " but only " + gpus.size() + " GPUs are listed in gpus;"
                    + " lower gpus_per_trial or list more GPUs");
        }
        return g;
    }
}
