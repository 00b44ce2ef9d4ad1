package io.paratune.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GPU slots with a fake {@code nvidia-smi}: every trial gets its own CUDA_VISIBLE_DEVICES share. */
class GpuSlotsIT {
    @TempDir
    Path dir;

    record Span(String device, long start, long end) {}

    @Test
    void trialsGetDisjointGpuSlotsAndNoGpuRunsMoreThanItsShare() throws Exception {
        Path smi = Cli.script(dir, "fake-nvidia-smi", """
                #!/bin/sh
                [ "$1" = "-L" ] || exit 9
                echo "GPU 0: Fake H100 (UUID: GPU-aaaa)"
                echo "GPU 1: Fake H100 (UUID: GPU-bbbb)"
                """);
        Cli.script(dir, "objective.sh", """
                #!/bin/sh
                s=$(date +%s%N); sleep 0.4; e=$(date +%s%N)
                echo "${CUDA_VISIBLE_DEVICES-unset} $s $e" >> spans
                echo "paratune: value=$1"
                """);
        Cli.write(dir, "study.yaml", """
                name: gpus
                search_space:
                  x: {type: float, low: 0, high: 1}
                command: ./objective.sh {x}
                trials: 12
                parallelism: 6
                gpus: auto
                gpus_per_trial: 0.5
                sampler: random
                """);
        Cli.Result run = Cli.run(dir, Map.of(GpuSlots.NVIDIA_SMI_ENV, smi.toString()), "run", "study.yaml");
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.err())
                .contains("gpus: auto found 2 GPU(s) [0, 1], 2 trials per GPU")
                .contains(", parallelism 4 (6 asked; 4 GPU slots), trials 12");

        List<Span> spans = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("spans"))) {
            String[] f = line.split(" ");
            assertThat(f[0]).isIn("0", "1");
            spans.add(new Span(f[0], Long.parseLong(f[1]), Long.parseLong(f[2])));
        }
        assertThat(spans).hasSize(12);
        for (Span s : spans) {
            long sameDevice = spans.stream()
                    .filter(o -> o.device().equals(s.device()) && o.start() <= s.start() && s.start() < o.end())
                    .count();
            assertThat(sameDevice)
                    .as("trials on GPU %s when one started", s.device())
                    .isLessThanOrEqualTo(2);
        }

        // no GPU found: CPU only, CUDA_VISIBLE_DEVICES left alone
        Files.delete(dir.resolve("spans"));
        Cli.Result cpu = Cli.run(
                dir,
                Map.of(GpuSlots.NVIDIA_SMI_ENV, dir.resolve("no-such-smi").toString()),
                "run",
                "study.yaml",
                "--trials",
                "14",
                "--parallelism",
                "2");
        assertThat(cpu.code()).as(cpu.err()).isZero();
        assertThat(cpu.err()).contains("found no GPU").contains("CPU only");
        assertThat(Files.readAllLines(dir.resolve("spans"))).hasSize(2).allMatch(l -> l.startsWith("unset "));
    }

    @Test
    void cpusPerTrialCapsTheParallelismTheBannerShows() throws Exception {
        int cpus = Runtime.getRuntime().availableProcessors();
        Cli.script(dir, "objective.sh", """
                #!/bin/sh
                s=$(date +%s%N); sleep 0.3; e=$(date +%s%N)
                echo "$s $e" >> spans
                echo "paratune: value=$1"
                """);
        Cli.write(dir, "study.yaml", """
                name: cpus
                search_space:
                  x: {type: float, low: 0, high: 1}
                command: ./objective.sh {x}
                trials: 3
                parallelism: 3
                sampler: random
                """ + "cpus_per_trial: " + cpus + "\n");
        Cli.Result run = Cli.run(dir, "run", "study.yaml");
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.err()).contains(", parallelism 1 (3 asked; " + cpus + " CPUs / cpus_per_trial " + cpus + ")");
        List<long[]> spans = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("spans"))) {
            String[] f = line.split(" ");
            spans.add(new long[] {Long.parseLong(f[0]), Long.parseLong(f[1])});
        }
        assertThat(spans).hasSize(3);
        for (long[] a : spans) {
            for (long[] b : spans) {
                assertThat(a == b || a[1] <= b[0] || b[1] <= a[0])
                        .as("trials never overlap")
                        .isTrue();
            }
        }
    }
}
