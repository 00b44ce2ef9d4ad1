package io.paratune.space;

import static io.paratune.space.DistributionProperties.check;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class CategoricalDistributionTest {

    static LongStream seeds() {
        return LongStream.range(0, 25);
    }

    static List<List<Object>> duplicateChoices() {
        return List.of(
                List.of("adam", "sgd", "adam"),
                List.of(1, 1L),
                List.of(1, 1.0),
                List.of(2L, 2.0f),
                List.of(new BigDecimal("1.50"), 1.5),
                List.of(BigInteger.TEN, 10),
                List.of(-0.0, 0),
                List.of(true, true),
                Arrays.asList(null, "a", null));
    }

    // ---- validation ----

    @ParameterizedTest
    @MethodSource("duplicateChoices")
    void duplicateChoicesAreRejectedNamingTheDuplicate(List<Object> choices) {
        assertThatThrownBy(() -> CategoricalDistribution.of("optimizer", choices))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContainingAll(
                        "'optimizer'",
                        "given twice",
                        "remove the duplicate",
                        String.valueOf(choices.get(choices.size() - 1)));
    }

    @Test
    void emptyOrMissingChoicesAreRejected() {
        assertThatThrownBy(() -> CategoricalDistribution.of("optimizer", List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContainingAll("'optimizer'", "choices are empty", "at least one");
        assertThatThrownBy(() -> CategoricalDistribution.of("optimizer", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContainingAll("'optimizer'", "choices are empty");
    }

    @Test
    void unsupportedChoiceTypesAreRejectedNamingTheType() {
        assertThatThrownBy(() -> CategoricalDistribution.of("layers", List.of("a", List.of(1, 2))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContainingAll("'layers'", "[1, 2]", "not supported", "strings, numbers, booleans or null");
        assertThatThrownBy(() -> CategoricalDistribution.of("c", List.of('x')))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContainingAll("'c'", "Character", "not supported");
        assertThatThrownBy(() -> CategoricalDistribution.of("c", List.of(new Object())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContainingAll("'c'", "Object", "not supported");
    }

    @Test
    void nonFiniteNumbersAreRejected() {
        assertThatThrownBy(() -> CategoricalDistribution.of("c", List.of(1.0, Double.NaN)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContainingAll("'c'", "NaN", "not finite");
        assertThatThrownBy(() -> CategoricalDistribution.of("c", List.of(Float.POSITIVE_INFINITY)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContainingAll("'c'", "Infinity", "not finite");
    }

    @Test
    void nameMustNotBeEmpty() {
        assertThatThrownBy(() -> CategoricalDistribution.of("", List.of("a")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("name is empty");
        assertThatThrownBy(() -> CategoricalDistribution.of(null, List.of("a")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("name is empty");
    }

    // ---- choice semantics ----

    @Test
    void numbersAreTheSameChoiceByValueAndNothingElseIs() {
        assertThat(CategoricalDistribution.sameChoice(1, 1L)).isTrue();
        assertThat(CategoricalDistribution.sameChoice(1, 1.0)).isTrue();
        assertThat(CategoricalDistribution.sameChoice(new BigDecimal("1.00"), 1.0f))
                .isTrue();
        assertThat(CategoricalDistribution.sameChoice(0.0, -0.0)).isTrue();
        assertThat(CategoricalDistribution.sameChoice(1, 2)).isFalse();
        assertThat(CategoricalDistribution.sameChoice(1, "1")).isFalse();
        assertThat(CategoricalDistribution.sameChoice(1, true)).isFalse();
        assertThat(CategoricalDistribution.sameChoice("true", true)).isFalse();
        assertThat(CategoricalDistribution.sameChoice(null, null)).isTrue();
        assertThat(CategoricalDistribution.sameChoice(null, "null")).isFalse();
        assertThat(CategoricalDistribution.sameChoice(0, null)).isFalse();
        // exact values: a long beyond 2^53 is not the double it rounds to
        assertThat(CategoricalDistribution.sameChoice((1L << 53) + 1, (double) ((1L << 53) + 1)))
                .isFalse();
    }

    @Test
    void internalValueIsTheIndexAndExternalValueTheChoiceItself() {
        String adam = new String("adam");
        CategoricalDistribution d = CategoricalDistribution.of("opt", Arrays.asList(adam, 3, null, false));
        assertThat(d.toInternal("adam")).isEqualTo(0.0);
        assertThat(d.toInternal(3L)).isEqualTo(1.0);
        assertThat(d.toInternal(3.0)).isEqualTo(1.0);
        assertThat(d.toInternal(null)).isEqualTo(2.0);
        assertThat(d.toInternal(false)).isEqualTo(3.0);
        assertThat(d.toExternal(0)).isSameAs(adam);
        assertThat(d.toExternal(1)).isEqualTo(3);
        assertThat(d.toExternal(2)).isNull();
        assertThat(d.indexOf("sgd")).isEqualTo(-1);
        assertThatThrownBy(() -> d.toInternal("sgd"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContainingAll("'opt'", "sgd", "not one of the choices", "[adam, 3, null, false]");
        assertThatThrownBy(() -> d.toExternal(4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContainingAll("'opt'", "4");
        assertThatThrownBy(() -> d.toExternal(0.5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContainingAll("'opt'", "0.5");
    }

    @Test
    void containsOnlyWholeIndices() {
        CategoricalDistribution d = CategoricalDistribution.of("c", List.of("a", "b", "c"));
        assertThat(d.contains(0)).isTrue();
        assertThat(d.contains(2)).isTrue();
        assertThat(d.contains(3)).isFalse();
        assertThat(d.contains(-1)).isFalse();
        assertThat(d.contains(1.5)).isFalse();
        assertThat(d.contains(Double.NaN)).isFalse();
    }

    @Test
    void choicesAreACopyThatCannotBeChanged() {
        List<Object> source = new ArrayList<>(List.of("a", "b"));
        CategoricalDistribution d = CategoricalDistribution.of("c", source);
        source.set(0, "z");
        source.add("y");
        assertThat(d.choices()).containsExactly("a", "b");
        assertThatThrownBy(() -> d.choices().add("x")).isInstanceOf(UnsupportedOperationException.class);
        List<Object> direct = new ArrayList<>(List.of("a", "b"));
        CategoricalDistribution d2 = new CategoricalDistribution("c", direct);
        direct.clear();
        assertThat(d2.choices()).containsExactly("a", "b");
    }

    @Test
    void everyChoiceOwnsAnEqualCell() {
        CategoricalDistribution d = CategoricalDistribution.of("c", List.of("a", "b", "c", "d"));
        assertThat(d.toUnit(0)).isEqualTo(0.125);
        assertThat(d.toUnit(3)).isEqualTo(0.875);
        assertThat(d.fromUnit(0.2499)).isEqualTo(0.0);
        assertThat(d.fromUnit(0.25)).isEqualTo(1.0);
        assertThat(d.fromUnit(0.99)).isEqualTo(3.0);
    }

    // ---- cardinality, single, same range ----

    @Test
    void cardinalityAndIsSingle() {
        assertThat(CategoricalDistribution.of("c", List.of("a", "b", "c")).cardinality())
                .isEqualTo(3);
        assertThat(CategoricalDistribution.of("c", List.of("a", "b")).isSingle())
                .isFalse();
        CategoricalDistribution single = CategoricalDistribution.of("c", Arrays.asList((Object) null));
        assertThat(single.isSingle()).isTrue();
        assertThat(single.cardinality()).isEqualTo(1);
        assertThat(single.fromUnit(0.9)).isEqualTo(0.0);
    }

    @Test
    void sameRangeComparesChoicesInOrderByValue() {
        CategoricalDistribution d = CategoricalDistribution.of("c", List.of(1, "a", true));
        assertThat(d.sameRange(CategoricalDistribution.of("other", List.of(1L, "a", true))))
                .isTrue();
        assertThat(d.sameRange(CategoricalDistribution.of("c", List.of(1.0, "a", true))))
                .isTrue();
        assertThat(d.sameRange(CategoricalDistribution.of("c", List.of("a", 1, true))))
                .isFalse();
        assertThat(d.sameRange(CategoricalDistribution.of("c", List.of(1, "a"))))
                .isFalse();
        assertThat(d.sameRange(CategoricalDistribution.of("c", List.of(1, "a", true, false))))
                .isFalse();
        assertThat(d.sameRange(CategoricalDistribution.of("c", List.of(1, "a", false))))
                .isFalse();
        assertThat(CategoricalDistribution.of("c", List.of(0, 1)).sameRange(IntDistribution.of("c", 0, 1)))
                .isFalse();
    }

    // ---- properties on random distributions ----

    @ParameterizedTest
    @MethodSource("seeds")
    void everyChoiceRoundTripsAndFromUnitGivesAnIndex(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int i = 0; i < 8; i++) {
            CategoricalDistribution d = RandomDistributions.categorical(rnd);
            DistributionProperties.fromUnitGivesMembers(d, rnd, 100);
            int n = d.choices().size();
            check(d.cardinality() == n && d.isSingle() == (n == 1), "%s: cardinality or isSingle", d);
            double[] indices = new double[n];
            for (int k = 0; k < n; k++) {
                indices[k] = k;
                Object choice = d.choices().get(k);
                check(d.toExternal(k) == choice, "%s: toExternal(%s) is not the choice itself", d, k);
                check(d.toInternal(choice) == k, "%s: toInternal(%s) != %s", d, choice, k);
                Object sameNumber = sameNumberOfAnotherType(choice);
                if (sameNumber != null) {
                    check(
                            d.toInternal(sameNumber) == k,
                            "%s: toInternal(%s of %s) != %s",
                            d,
                            sameNumber,
                            sameNumber.getClass().getSimpleName(),
                            k);
                }
            }
            DistributionProperties.gridPointsRoundTrip(d, indices);
            CategoricalDistribution copy = CategoricalDistribution.of("renamed", d.choices());
            check(d.sameRange(copy) && copy.sameRange(d), "%s: sameRange with a renamed copy", d);
        }
    }

    /** The same number as another Java type, or null for a non-number. */
    private static Object sameNumberOfAnotherType(Object choice) {
        if (choice instanceof Float f) {
            return f.doubleValue();
        }
        if (choice instanceof Double x) {
            return new BigDecimal(x);
        }
        if (choice instanceof BigDecimal b) {
            return b.setScale(b.scale() + 2); // equal by value, not by equals()
        }
        if (choice instanceof Number n) {
            return n instanceof Long ? BigInteger.valueOf(n.longValue()) : Long.valueOf(n.longValue());
        }
        return null;
    }
}
