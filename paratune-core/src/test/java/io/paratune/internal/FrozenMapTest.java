package io.paratune.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FrozenMapTest {

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 5, 12, 13, 40})
    void copyKeepsOrderNullValuesAndEqualsTheSource(int size) {
        LinkedHashMap<String, Object> source = new LinkedHashMap<>();
        for (int i = size - 1; i >= 0; i--) {
            source.put("k" + i, i % 3 == 0 ? null : i);
        }
        Map<String, Object> frozen = FrozenMap.copyOf(source);
        assertThat(frozen).isEqualTo(source).hasSameHashCodeAs(source);
        assertThat(frozen.keySet()).containsExactlyElementsOf(source.keySet());
        for (int i = 0; i < size; i++) {
            assertThat(frozen.containsKey("k" + i)).isTrue();
            assertThat(frozen.get("k" + i)).isEqualTo(source.get("k" + i));
        }
        assertThat(frozen.containsKey("missing")).isFalse();
        assertThat(frozen.get("missing")).isNull();
        source.put("later", 1);
        assertThat(frozen).doesNotContainKey("later");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 20})
    void isImmutableAndCopiedOnlyOnce(int size) {
        Map<String, Integer> source = new HashMap<>();
        for (int i = 0; i < size; i++) {
            source.put("k" + i, i);
        }
        Map<String, Integer> frozen = FrozenMap.copyOf(source);
        assertThat(FrozenMap.copyOf(frozen)).isSameAs(frozen);
        assertThatThrownBy(() -> frozen.put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> frozen.entrySet().iterator().next().setValue(3))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> frozen.keySet().remove("k0")).isInstanceOf(UnsupportedOperationException.class);
    }
}
