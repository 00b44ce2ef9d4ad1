package io.paratune.cli;

import io.paratune.execution.DevicePool;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The GPU slots of a run: which GPUs there are ({@code gpus: auto} asks {@code nvidia-smi -L}) and
 * how trials share them. A slot is a DevicePool device; with {@code gpus_per_trial: 1/k} each GPU
 * has k slots, so no GPU ever runs more than k trials at once.
 *
 * @param pool hands each running trial its slots
 * @param note what was found, for the user
 */
record GpuSlots(DevicePool pool, String note) {
    /** Overrides the {@code nvidia-smi} program (tests point it at a fake one). */
    static final String NVIDIA_SMI_ENV = "PARATUNE_NVIDIA_SMI";

    private static final Pattern GPU_LINE = Pattern.compile("^GPU (\\d+):");

    static GpuSlots of(StudyConfig config, String nvidiaSmi) {
        List<String> gpus = config.gpus();
        if (gpus == null) {
            return new GpuSlots(DevicePool.none(), null);
        }
        String note;
        if (gpus.isEmpty()) {
            List<String> found = detect(nvidiaSmi);
            if (found.isEmpty()) {
                return new GpuSlots(
                        DevicePool.none(),
                        "gpus: auto found no GPU (" + nvidiaSmi
                                + " -L listed none or could not run); trials run on the CPU only");
            }
            gpus = found;
            note = "gpus: auto found " + found.size() + " GPU(s) " + found;
        } else {
            note = "gpus: " + gpus;
        }
        double per = config.gpusPerTrial();
        if (per >= 1) {
            if (per > gpus.size()) {
                throw new UserError(config.file().getFileName() + ": gpus_per_trial=" + (long) per + " but only "
                        + gpus.size() + " GPU(s) " + gpus + " were found; lower gpus_per_trial");
            }
            return new GpuSlots(DevicePool.of(gpus, (int) per), note + ", " + (long) per + " per trial");
        }
        int share = (int) Math.round(1 / per);
        List<String> slots = new ArrayList<>();
        for (int j = 0; j < share; j++) {
            for (String g : gpus) {
                slots.add(g + "#" + j);
            }
        }
        return new GpuSlots(DevicePool.of(slots, 1), note + ", " + share + " trials per GPU");
    }

    /** The value of CUDA_VISIBLE_DEVICES for the slots a trial holds: each GPU once, in order. */
    static String visibleDevices(List<String> slots) {
        LinkedHashSet<String> gpus = new LinkedHashSet<>();
        for (String s : slots) {
            int hash = s.lastIndexOf('#');
            gpus.add(hash < 0 ? s : s.substring(0, hash));
        }
        return String.join(",", gpus);
    }

    /** GPU indices listed by {@code nvidia-smi -L}; empty when it is missing, fails or lists none. */
    static List<String> detect(String nvidiaSmi) {
        List<String> ids = new ArrayList<>();
        try {
            Process p = new ProcessBuilder(nvidiaSmi, "-L")
                    .redirectErrorStream(true)
                    .start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                return ids;
            }
            for (String line : out.split("\\R")) {
                Matcher m = GPU_LINE.matcher(line.strip());
                if (m.find()) {
                    ids.add(m.group(1));
                }
            }
        } catch (IOException e) {
            return ids;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return ids;
    }
}
