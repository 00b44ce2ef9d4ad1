package io.paratune.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.paratune.space.CategoricalDistribution;
import io.paratune.space.FloatDistribution;
import io.paratune.space.IntDistribution;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParamValuesTest {
    private static final List<ParamSpec> SPACE = List.of(
            new ParamSpec(FloatDistribution.logScale("lr", 1e-5, 1e-1), Map.of()),
            new ParamSpec(IntDistribution.stepped("units", 32, 128, 32), Map.of()),
            new ParamSpec(CategoricalDistribution.of("width", List.of(1, 2.5, "auto", true)), Map.of()),
            new ParamSpec(CategoricalDistribution.of("opt", List.of("adam", "sgd")), Map.of()),
            new ParamSpec(FloatDistribution.stepped("momentum", 0.0, 0.9, 0.1), Map.of("opt", List.of("sgd"))));

    private static Map<String, Object> given(Object... pairs) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((String) pairs[i], pairs[i + 1]);
        }
        return m;
    }

    @Test
    void textValuesBecomeTheTypesOfTheirParameters() {
        Map<String, Object> v = ParamValues.check(
                given("lr", "1e-3", "units", "64", "width", "2.5", "opt", "sgd", "momentum", "0.3"), SPACE, true);
        assertThat(v)
                .containsExactly(
                        Map.entry("lr", 1e-3),
                        Map.entry("units", 64L),
                        Map.entry("width", 2.5),
                        Map.entry("opt", "sgd"),
                        Map.entry("momentum", 0.3));
        assertThat(ParamValues.check(given("lr", "0.01", "units", "96.0", "width", "true", "opt", "adam"), SPACE, true))
                .containsEntry("units", 96L)
                .containsEntry("width", true);
        assertThat(ParamValues.check(given("lr", "0.01", "units", "32", "width", "1", "opt", "adam"), SPACE, true))
                .containsEntry("width", 1);
    }

    @Test
    void typedValuesMatchChoicesByValue() {
        Map<String, Object> v =
                ParamValues.check(given("lr", 0.01, "units", 128, "width", 1L, "opt", "adam"), SPACE, false);
        assertThat(v).containsEntry("units", 128L).containsEntry("width", 1).doesNotContainKey("momentum");
    }

    @Test
    void eachMistakeNamesTheParameterAndTheFix() {
        assertThatThrownBy(() -> ParamValues.check(
                        given("lr", "0.5", "units", "64", "width", "auto", "opt", "adam"), SPACE, true))
                .isInstanceOf(ParamValues.Problem.class)
                .hasMessage("parameter 'lr': value 0.5 is outside [1.0E-5, 0.1]; give a value inside the bounds");
        assertThatThrownBy(() -> ParamValues.check(
                        given("lr", "0.01", "units", "50", "width", "auto", "opt", "adam"), SPACE, true))
                .hasMessageContaining("parameter 'units': value 50 is not an integer of [32, 128] on" + " step 32");
        assertThatThrownBy(() -> ParamValues.check(
                        given("lr", "fast", "units", "64", "width", "auto", "opt", "adam"), SPACE, true))
                .hasMessage("parameter 'lr': \"fast\" is not a number; give a number of float" + " [1.0E-5, 0.1] log");
        assertThatThrownBy(() ->
                        ParamValues.check(given("lr", true, "units", 64, "width", "auto", "opt", "adam"), SPACE, false))
                .hasMessageContaining("parameter 'lr': true is not a number");
        assertThatThrownBy(() ->
                        ParamValues.check(given("lr", "0.01", "units", "64", "width", "3", "opt", "adam"), SPACE, true))
                .hasMessage("parameter 'width': \"3\" is not one of its choices [1, 2.5, auto, true];"
                        + " give one of them");
        assertThatThrownBy(() -> ParamValues.check(given("lr", "0.01", "units", "64", "opt", "sgd"), SPACE, true))
                .hasMessage("missing parameters width, momentum (as opt is sgd); give a value for each parameter of"
                        + " the search space")
                .extracting(e -> ((ParamValues.Problem) e).param())
                .isNull();
        assertThatThrownBy(() -> ParamValues.check(
                        given("lr", "0.01", "units", "64", "width", "auto", "opt", "adam", "momentum", "0.5"),
                        SPACE,
                        true))
                .hasMessage("parameter 'momentum' exists only when opt is sgd, and this configuration has opt = adam;"
                        + " leave 'momentum' out")
                .extracting(e -> ((ParamValues.Problem) e).param())
                .isEqualTo("momentum");
        assertThatThrownBy(() -> ParamValues.check(given("lr", "0.01", "unit", "64"), SPACE, true))
                .hasMessage("unknown parameter 'unit'; did you mean 'units'? (the search space has lr, units, width,"
                        + " opt, momentum)");
    }
}
