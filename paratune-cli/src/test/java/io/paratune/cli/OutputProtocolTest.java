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
        assertThat(((OutputProtocol.Result) single.parse("  paratune: value=1e-3 ")).values())
                .containsExactly(1e-3);
        assertThat(((OutputProtocol.Result) single.parse("{\"loss\": 0.12, \"name\": \"x\"}")).values())
                .containsExactly(0.12);
        assertThat(((OutputProtocol.Result) single.parse("{\"value\": 2, \"epoch\": 9}")).values())
                .containsExactly(2);
        assertThat(single.parse("epoch 3: loss 0.5")).isNull();
        assertThat(single.parse("{not json}")).isNull();
    }

    @Test
    void namedMetricsPickTheirKeysAndSkipOtherJsonLines() {
        OutputProtocol two = new OutputProtocol(List.of("loss", "acc"), 2);
        assertThat(((OutputProtocol.Result) two.parse("{\"acc\": 0.9, \"loss\": 0.1}")).values())
                .containsExactly(0.1, 0.9);
        assertThat(two.parse("{\"lr\": 0.1}")).isInstanceOf(OutputProtocol.OtherJson.class); // not a result
        assertThat(((OutputProtocol.Result) two.parse("paratune: values=0.1,0.9")).values())
                .containsExactly(0.1, 0.9);
    }

    @Test
    void malformedProtocolLinesSayWhy() {
        assertThat(((OutputProtocol.Invalid) single.parse("paratune: value=abc")).message())
                .contains("not a number");
        assertThat(((OutputProtocol.Invalid) single.parse("paratune: vlaue=1")).message())
                .contains("did you mean 'value'?");
        assertThat(((OutputProtocol.Invalid) single.parse("{\"a\": 1, \"b\": 2}")).message())
                .contains("set metric");
    }

    @Test
    void aJsonLineWithoutTheMetricsNamesItsKeys() {
        OutputProtocol accuracy = new OutputProtocol(List.of("accuracy"), 1);
        OutputProtocol.OtherJson other = (OutputProtocol.OtherJson) accuracy.parse("{\"loss\": 0.1, \"acc\": 0.9}");
        assertThat(other.keys()).containsExactly("loss", "acc");
        assertThat(other.explain())
                .isEqualTo("its JSON line had keys [loss, acc] but no 'accuracy' (metric); set"
                        + " metric: to one of them");
        OutputProtocol two = new OutputProtocol(List.of("loss", "acc"), 2);
        assertThat(((OutputProtocol.OtherJson) two.parse("{\"lr\": 0.1}")).explain())
                .isEqualTo(
                        "its JSON line had keys [lr] but no 'loss', 'acc' (metrics); set metrics: to keys it prints");
    }

    @Test
    void attributeLinesReadJsonValuesAndText() {
        assertThat(((OutputProtocol.Attributes) single.parse("paratune: attr note=hello world")).values())
                .containsExactly(java.util.Map.entry("note", "hello world"));
        assertThat(((OutputProtocol.Attributes) single.parse("paratune: attr mem = 3.5")).values())
                .containsExactly(java.util.Map.entry("mem", 3.5));
        assertThat(((OutputProtocol.Attributes) single.parse("paratune: attr ok=true")).values())
                .containsExactly(java.util.Map.entry("ok", true));
        assertThat(((OutputProtocol.Attributes) single.parse("paratune: attr n=1 apple")).values())
                .containsExactly(java.util.Map.entry("n", "1 apple"));
        assertThat(((OutputProtocol.Attributes) single.parse("paratune: attr name=\"quoted\"")).values())
                .containsExactly(java.util.Map.entry("name", "quoted"));
        OutputProtocol.Attributes json = (OutputProtocol.Attributes)
                single.parse("paratune: attrs={\"arch\": \"resnet\", \"depth\": 18, \"tags\": [\"a\"]}");
        assertThat(json.values())
                .containsExactly(
                        java.util.Map.entry("arch", "resnet"),
                        java.util.Map.entry("depth", 18),
                        java.util.Map.entry("tags", List.of("a")));
        assertThat(json.refused()).isNull();
    }

    @Test
    void attributesParatuneSetsItselfAreRefused() {
        OutputProtocol.Attributes a = (OutputProtocol.Attributes)
                single.parse("paratune: attrs={\"log\": \"x\", \"budget\": 3, \"mine\": 1}");
        assertThat(a.values()).containsOnlyKeys("mine");
        assertThat(a.refused()).contains("'log', 'budget'").contains("set by paratune");
        assertThat(((OutputProtocol.Invalid) single.parse("paratune: attr novalue")).message())
                .contains("attr name=value");
        assertThat(((OutputProtocol.Invalid) single.parse("paratune: attrs=[1, 2]")).message())
                .contains("JSON object");
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
