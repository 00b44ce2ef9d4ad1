package io.paratune.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class OverheadOptionsTest {

    @Test
    void defaultsMeasureOneAndTwoThreadsOnStudiesOfFiftyThousandTrials() {
        OverheadOptions o = OverheadOptions.parse(List.of());
        assertThat(o.threads()).containsExactly(1, 2);
        assertThat(o.trials()).isEqualTo(50_000);
        assertThat(o.seconds()).isEqualTo(60);
        assertThat(o.repeats()).isEqualTo(5);
        assertThat(o.warmupSeconds()).isEqualTo(5);
        assertThat(o.params()).isEqualTo(10);
        assertThat(o.seed()).isZero();
        assertThat(o.out()).isNull();
    }

    @Test
    void parsesEveryOptionInBothSpellings() {
        OverheadOptions o = OverheadOptions.parse(List.of(
                "--threads",
                "4,1",
                "--trials=1000",
                "--seconds",
                "2.5",
                "--repeats",
                "3",
                "--warmup-seconds=0",
                "--params",
                "3",
                "--seed",
                "-7",
                "--out",
                "r/o.jsonl"));
        assertThat(o.threads()).containsExactly(4, 1);
        assertThat(o.trials()).isEqualTo(1000);
        assertThat(o.seconds()).isEqualTo(2.5);
        assertThat(o.repeats()).isEqualTo(3);
        assertThat(o.warmupSeconds()).isZero();
        assertThat(o.params()).isEqualTo(3);
        assertThat(o.seed()).isEqualTo(-7);
        assertThat(o.out()).isEqualTo(Path.of("r/o.jsonl"));
    }

    @Test
    void unknownOptionNamesTheKnownOnes() {
        assertThatThrownBy(() -> OverheadOptions.parse(List.of("--thread", "2")))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("unknown option --thread")
                .hasMessageContaining("--threads");
    }

    @Test
    void badValuesNameTheOptionAndTheFix() {
        assertThatThrownBy(() -> OverheadOptions.parse(List.of("--threads", "1,x")))
                .hasMessageContaining("--threads 'x' is not an integer");
        assertThatThrownBy(() -> OverheadOptions.parse(List.of("--threads", "0")))
                .hasMessageContaining("--threads 0 is too small; give a whole number >= 1");
        assertThatThrownBy(() -> OverheadOptions.parse(List.of("--threads", "2,2")))
                .hasMessageContaining("lists 2 twice");
        assertThatThrownBy(() -> OverheadOptions.parse(List.of("--trials", "0")))
                .hasMessageContaining("--trials 0 is too small");
        assertThatThrownBy(() -> OverheadOptions.parse(List.of("--seconds", "NaN")))
                .hasMessageContaining("--seconds NaN is out of range");
        assertThatThrownBy(() -> OverheadOptions.parse(List.of("--seed", "1.5")))
                .hasMessageContaining("--seed 1.5 is not an integer");
        assertThatThrownBy(() -> OverheadOptions.parse(List.of("--out", " "))).hasMessageContaining("--out is blank");
    }

    @Test
    void missingRepeatedAndPositionalArgumentsAreUsageErrors() {
        assertThatThrownBy(() -> OverheadOptions.parse(List.of("--trials")))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("--trials needs a value");
        assertThatThrownBy(() -> OverheadOptions.parse(List.of("--trials", "--repeats", "2")))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("--trials needs a value");
        assertThatThrownBy(() -> OverheadOptions.parse(List.of("--trials", "5", "--trials=6")))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("given twice");
        assertThatThrownBy(() -> OverheadOptions.parse(List.of("1000")))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("unexpected argument '1000'");
    }
}
