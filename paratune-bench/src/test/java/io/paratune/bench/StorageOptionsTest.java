package io.paratune.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class StorageOptionsTest {

    @Test
    void defaultsMeasureTheIssuesBenchmark() {
        StorageOptions o = StorageOptions.parse(List.of());
        assertThat(o.modes()).containsExactly("throughput", "ask-time");
        assertThat(o.backends()).containsExactly("sqlite", "postgresql");
        assertThat(o.processes()).containsExactly(1, 4);
        assertThat(o.trials()).isEqualTo(2000);
        assertThat(o.askAt()).containsExactly(1000, 10_000);
        assertThat(o.askSamples()).isEqualTo(200);
        assertThat(o.scaleProcesses()).isEqualTo(4);
        assertThat(o.scaleThreads()).isEqualTo(50);
        assertThat(o.scaleTrials()).isEqualTo(4000);
        assertThat(o.scaleTrialMillis()).isEqualTo(3);
        assertThat(o.warmupTrials()).isZero();
        assertThat(o.postgres()).isNull();
        assertThat(o.dir()).isNull();
        assertThat(o.workerJavaOpts()).isEqualTo(StorageOptions.DEFAULT_WORKER_JAVA_OPTS);
        assertThat(o.out()).isNull();
        assertThat(o.measures("scale")).isFalse();
    }

    @Test
    void parsesEveryOption() {
        StorageOptions o = StorageOptions.parse(List.of(
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
                "--seed",
                "9",
                "--out",
                "r/s.jsonl"));
        assertThat(o.modes()).containsExactly("scale", "throughput");
        assertThat(o.backends()).containsExactly("postgresql");
        assertThat(o.processes()).containsExactly(2);
        assertThat(o.trials()).isEqualTo(100);
        assertThat(o.askAt()).containsExactly(10, 20);
        assertThat(o.askSamples()).isEqualTo(7);
        assertThat(List.of(o.scaleProcesses(), o.scaleThreads(), o.scaleTrials(), o.scaleTrialMillis()))
                .containsExactly(3, 5, 60, 0);
        assertThat(o.warmupTrials()).isEqualTo(30);
        assertThat(o.postgres()).isEqualTo("postgresql://postgres@127.0.0.1:5432/postgres");
        assertThat(o.dir()).isEqualTo(Path.of("d"));
        assertThat(o.workerJavaOpts()).isEqualTo("-Xmx64m");
        assertThat(o.seed()).isEqualTo(9);
        assertThat(o.out()).isEqualTo(Path.of("r/s.jsonl"));
    }

    @Test
    void badValuesNameTheOptionAndTheFix() {
        assertThatThrownBy(() -> StorageOptions.parse(List.of("--modes", "throughput,speed")))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("unknown value 'speed'; use throughput, ask-time, scale");
        assertThatThrownBy(() -> StorageOptions.parse(List.of("--backends", "sqlite,sqlite")))
                .hasMessageContaining("lists sqlite twice");
        assertThatThrownBy(() -> StorageOptions.parse(List.of("--ask-at", "10000,1000")))
                .hasMessageContaining("is not ascending");
        assertThatThrownBy(() -> StorageOptions.parse(List.of("--postgres", "mysql://x")))
                .hasMessageContaining("--postgres mysql://x is not a postgresql:// URL");
        assertThatThrownBy(() -> StorageOptions.parse(List.of("--processes", "0")))
                .hasMessageContaining("--processes 0 is too small");
        assertThatThrownBy(() -> StorageOptions.parse(List.of("--out", " "))).hasMessageContaining("--out is blank");
    }

    @Test
    void splitsTrialsEvenlyLargerSharesFirst() {
        assertThat(StorageOptions.split(2000, 4)).containsExactly(500, 500, 500, 500);
        assertThat(StorageOptions.split(10, 4)).containsExactly(3, 3, 2, 2);
        assertThat(StorageOptions.split(1, 3)).containsExactly(1, 0, 0);
    }
}
