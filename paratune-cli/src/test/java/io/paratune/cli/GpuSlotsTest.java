package io.paratune.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GpuSlotsTest {
    @TempDir
    Path dir;

    private StudyConfig config(String gpus, String perTrial) throws Exception {
        Path file = dir.resolve("s.yaml");
        Files.writeString(
                file,
                "name: g\nsearch_space:\n  x: {type: int, low: 1, high: 2}\ncommand: sh -c {x}\n" + "trials: 1\ngpus: "
                        + gpus + "\ngpus_per_trial: " + perTrial + "\n");
        return StudyConfig.load(file);
    }

    @Test
    void fractionalSharesGiveEachGpuThatManySlotsSpreadAcrossGpus() throws Exception {
        GpuSlots slots = GpuSlots.of(config("[0, 1]", "0.5"), "unused");
        assertThat(slots.pool().slots()).isEqualTo(4);
        List<String> visible = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            visible.add(GpuSlots.visibleDevices(slots.pool().acquire()));
        }
        assertThat(visible).containsExactly("0", "1", "0", "1");
    }

    @Test
    void wholeGpusPerTrialGiveDisjointSets() throws Exception {
        GpuSlots slots = GpuSlots.of(config("[3, 5, 7, 9]", "2"), "unused");
        assertThat(slots.pool().slots()).isEqualTo(2);
        assertThat(GpuSlots.visibleDevices(slots.pool().acquire())).isEqualTo("3,5");
        assertThat(GpuSlots.visibleDevices(slots.pool().acquire())).isEqualTo("7,9");
    }

    @Test
    void autoAsksNvidiaSmiAndFallsBackToCpu() throws Exception {
        Path smi = dir.resolve("smi");
        Files.writeString(smi, "#!/bin/sh\necho 'GPU 0: A (UUID: x)'\necho 'GPU 1: B (UUID: y)'\necho 'noise'\n");
        Files.setPosixFilePermissions(smi, PosixFilePermissions.fromString("rwx------"));
        assertThat(GpuSlots.detect(smi.toString())).containsExactly("0", "1");
        GpuSlots none = GpuSlots.of(config("auto", "1"), dir.resolve("missing").toString());
        assertThat(none.pool().devices()).isEmpty();
        assertThat(none.note()).contains("found no GPU");
    }
}
