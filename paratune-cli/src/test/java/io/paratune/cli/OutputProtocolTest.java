package io.paratune.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutputProtocolTest {
    private final OutputProtocol single = new OutputProtocol(List.of(), 1);

    @Test
    void readsStepsAndResults() {
        assertThat(single.parse("paratune: step=3 value=0.5")).isEqualTo(new OutputProtocol.Step(3, 0.5));
        assertThat(((OutputProtocol.Result) single.parse("  paratune: value=1e-3 ")).values()).containsExactly(1e-3);
        assertThat(((OutputProtocol.Result) single.parse("{\"loss\": 0.12, \"name\": \"x\"}")).values())
                .containsExactly(0.12);
        assertThat(((OutputProtocol.Result) single.parse("{\"value\": 2, \"epoch\": 9}")).values()).containsExactly(2);
        assertThat(single.parse("epoch 3: loss 0.5")).isNull();
        assertThat(single.parse("{not json}")).isNull();
    }

    @Test
    void namedMetricsPickTheirKeysAndSkipOtherJsonLines() {
        OutputProtocol two = new OutputProtocol(List.of("loss", "acc"), 2);
        assertThat(((OutputProtocol.Result) two.parse("{\"acc\": 0.9, \"loss\": 0.1}")).values())
                .containsExactly(0.1, 0.9);
        assertThat(two.parse("{\"lr\": 0.1}")).isNull();
        assertThat(((OutputProtocol.Result) two.parse("paratune: values=0.1,0.9")).values()).containsExactly(0.1, 0.9);
    }

    @Test
    void malformedProtocolLinesSayWhy() {
        assertThat(((OutputProtocol.Invalid) single.parse("paratune: value=abc")).message()).contains("not a number");
        assertThat(((OutputProtocol.Invalid) single.parse("paratune: vlaue=1")).message())
                .contains("did you mean 'value'?");
        assertThat(((OutputProtocol.Invalid) single.parse("{\"a\": 1, \"b\": 2}")).message())
                .contains("set metric");
    }

    @Test
    void durationsParse() {
        assertThat(Fields.parseDuration("90")).isEqualTo(Duration.ofSeconds(90));
        assertThat(Fields.parseDuration("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(Fields.parseDuration("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Fields.parseDuration("2.5s")).isEqualTo(Duration.ofMillis(2500));
        assertThat(Fields.parseDuration("10 minutes")).isNull();
        assertThat(Fields.parseDuration("m")).isNull();
    }
}
