package io.paratune.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class StorageOptionsTest {

    @Test
    void defaultsMeasureTheIssuesBenchmark() {
        StorageOptions o = CommandLines.<StorageCommand>parse("storage").options;
        assertThat(o.modes).containsExactly("throughput", "ask-time");
        assertThat(o.backends).containsExactly("sqlite", "postgresql");
        assertThat(o.processes).containsExactly(1, 4);
        assertThat(o.trials).isEqualTo(2000);
        assertThat(o.askAt).containsExactly(1000, 10_000);
        assertThat(o.askSamples).isEqualTo(200);
        assertThat(o.scaleProcesses).isEqualTo(4);
        assertThat(o.scaleThreads).isEqualTo(50);
        assertThat(o.scaleTrials).isEqualTo(4000);
        assertThat(o.scaleTrialMillis).isEqualTo(3);
        assertThat(o.warmupTrials).isZero();
        assertThat(o.postgres).isNull();
        assertThat(o.dir).isNull();
        assertThat(o.workerJavaOpts).isEqualTo(StorageOptions.DEFAULT_WORKER_JAVA_OPTS);
        assertThat(o.workerCdsTrials).isEqualTo(300);
        assertThat(o.out).isNull();
        assertThat(o.measures("scale")).isFalse();
    }

    @Test
    void parsesEveryOption() {
        StorageCommand command = CommandLines.parse(
                "storage",
                "--modes",
                "scale,throughput",
                "--backends",
                "postgresql",
                "--processes",
                "2",
                "--trials=100",
                "--ask-at",
                "10,20",
                "--ask-samples",
                "7",
                "--scale-processes",
                "3",
                "--scale-threads",
                "5",
                "--scale-trials",
                "60",
                "--scale-trial-ms",
                "0",
                "--warmup-trials",
                "30",
                "--postgres",
                "postgresql://postgres@127.0.0.1:5432/postgres",
                "--dir",
                "d",
                "--worker-java-opts",
                "-Xmx64m",
                "--worker-cds",
                "0",
                "--seed",
                "9",
                "--out",
                "r/s.jsonl");
        StorageOptions o = command.options;
        assertThat(o.modes).containsExactly("scale", "throughput");
        assertThat(o.backends).containsExactly("postgresql");
        assertThat(o.processes).containsExactly(2);
        assertThat(o.trials).isEqualTo(100);
        assertThat(o.askAt).containsExactly(10, 20);
        assertThat(o.askSamples).isEqualTo(7);
        assertThat(List.of(o.scaleProcesses, o.scaleThreads, o.scaleTrials, o.scaleTrialMillis))
                .containsExactly(3, 5, 60, 0);
        assertThat(o.warmupTrials).isEqualTo(30);
        assertThat(o.postgres).isEqualTo("postgresql://postgres@127.0.0.1:5432/postgres");
        assertThat(o.dir).isEqualTo(Path.of("d"));
        assertThat(o.workerJavaOpts).isEqualTo("-Xmx64m");
        assertThat(o.workerCdsTrials).isZero();
        assertThat(o.seed).isEqualTo(9);
        assertThat(o.out).isEqualTo(Path.of("r/s.jsonl"));
    }

    /** The one line of a usage error of {@code storage ARGS}; nothing has run. */
    private static String refusal(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] all = new String[args.length + 1];
        all[0] = "storage";
        System.arraycopy(args, 0, all, 1, args.length);
        int code = BenchMain.run(
                all,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).isEqualTo(BenchMain.USAGE);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(err.toString(StandardCharsets.UTF_8).lines()).hasSize(1);
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void badValuesNameTheOptionAndTheFix() {
        assertThat(refusal("--modes", "throughput,speed"))
                .contains("--modes throughput,speed: unknown value 'speed'; use throughput, ask-time, scale");
        assertThat(refusal("--backends", "sqlite,sqlite")).contains("--backends sqlite,sqlite lists sqlite twice");
        assertThat(refusal("--ask-at", "10000,1000")).contains("--ask-at [10000, 1000] is not ascending");
        assertThat(refusal("--postgres", "mysql://x")).contains("--postgres mysql://x is not a postgresql:// URL");
        assertThat(refusal("--processes", "0")).contains("--processes 0 is too small");
        assertThat(refusal("--out", " ")).contains("--out is blank");
        assertThat(refusal("--modes", "scale", "--backends", "sqlite"))
                .startsWith("paratune-bench storage: --modes scale runs on PostgreSQL; add postgresql to --backends");
    }

    @Test
    void splitsTrialsEvenlyLargerSharesFirst() {
        assertThat(StorageOptions.split(2000, 4)).containsExactly(500, 500, 500, 500);
        assertThat(StorageOptions.split(10, 4)).containsExactly(3, 3, 2, 2);
        assertThat(StorageOptions.split(1, 3)).containsExactly(1, 0, 0);
    }
}
