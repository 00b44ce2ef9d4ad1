package io.paratune.space;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SearchSpaceTest {
    private final FloatDistribution lr = FloatDistribution.logScale("lr", 1e-5, 1);
    private final IntDistribution layers = IntDistribution.of("layers", 1, 8);
    private final CategoricalDistribution opt = CategoricalDistribution.of("opt", List.of("adam", "sgd"));

    @Test
    void keepsTheGivenOrderAndLooksUpByName() {
        SearchSpace space = SearchSpace.of(opt, lr, layers);
        assertThat(space.names()).containsExactly("opt", "lr", "layers");
        assertThat(space.size()).isEqualTo(3);
        assertThat(space.isEmpty()).isFalse();
        assertThat(space.get("lr")).isSameAs(lr);
        assertThat(space.get("missing")).isNull();
        assertThat(SearchSpace.of(List.of(layers, opt)).names()).containsExactly("layers", "opt");
    }

    @Test
    void emptySpace() {
        assertThat(SearchSpace.empty().isEmpty()).isTrue();
        assertThat(SearchSpace.empty().size()).isZero();
        assertThat(SearchSpace.of().isEmpty()).isTrue();
    }

    @Test
    void aNameGivenTwiceIsRejected() {
        assertThatThrownBy(() -> SearchSpace.of(lr, layers, FloatDistribution.of("lr", 0, 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContainingAll("'lr'", "twice", "give each parameter once");
    }

    @Test
    void anEntryKeyedByAnotherNameIsRejected() {
        assertThatThrownBy(() -> new SearchSpace(Map.of("rate", lr)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContainingAll("'rate'", "'lr'", "own name");
    }

    @Test
    void isAnImmutableCopy() {
        Map<String, Distribution> source = new LinkedHashMap<>();
        source.put("lr", lr);
        SearchSpace space = new SearchSpace(source);
        source.put("layers", layers);
        assertThat(space.names()).containsExactly("lr");
        assertThatThrownBy(() -> space.distributions().put("opt", opt))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> space.names().remove("lr")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void intersectKeepsParametersWithTheSameRangeInThisOrder() {
        SearchSpace space = SearchSpace.of(lr, layers, opt);
        Map<String, Distribution> other = new LinkedHashMap<>();
        other.put("opt", CategoricalDistribution.of("opt", List.of("adam", "sgd")));
        other.put("lr", FloatDistribution.logScale("lr", 1e-5, 1));
        other.put("layers", IntDistribution.of("layers", 1, 16));
        other.put("extra", FloatDistribution.of("extra", 0, 1));
        SearchSpace common = space.intersect(other);
        assertThat(common.names()).containsExactly("lr", "opt");
        assertThat(common.get("lr")).isSameAs(lr);
        assertThat(space.intersect(Map.of()).isEmpty()).isTrue();
    }

    @Test
    void intersectWithASupersetReturnsTheSpaceItself() {
        SearchSpace space = SearchSpace.of(lr, layers);
        Map<String, Distribution> other = Map.of("lr", lr, "layers", IntDistribution.of("layers", 1, 8), "opt", opt);
        assertThat(space.intersect(other)).isSameAs(space);
    }

    @Test
    void equalSpacesAreEqual() {
        assertThat(SearchSpace.of(lr, layers)).isEqualTo(SearchSpace.of(lr, layers));
        assertThat(SearchSpace.of(lr, layers).hashCode())
                .isEqualTo(SearchSpace.of(lr, layers).hashCode());
        assertThat(SearchSpace.of(lr, layers)).isNotEqualTo(SearchSpace.of(lr));
    }
}
