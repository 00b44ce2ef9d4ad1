package io.paratune.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JsonLineTest {

    @Test
    void writesFieldsInOrderWithTrimmedDecimalsAndNullForNonFinite() {
        String json = new JsonLine()
                .put("a", "x")
                .put("n", 42L)
                .put("d", 2.50, 2)
                .put("r", 1234.5678, 1)
                .put("whole", 3.0, 2)
                .put("nan", Double.NaN, 2)
                .put("neg0", -0.0001, 2)
                .put("s", (String) null)
                .toString();
        assertThat(json)
                .isEqualTo("{\"a\": \"x\", \"n\": 42, \"d\": 2.5, \"r\": 1234.6, \"whole\": 3, \"nan\": null,"
                        + " \"neg0\": 0, \"s\": null}");
    }

    @Test
    void escapesQuotesBackslashesAndControlCharacters() {
        assertThat(new JsonLine().put("k", "a\"b\\c\nd\u0001").toString())
                .isEqualTo("{\"k\": \"a\\\"b\\\\c\\nd\\u0001\"}");
    }

    @Test
    void writesNumberArraysInFullPrecision() {
        assertThat(new JsonLine()
                        .put("t", new double[] {0.39788735772973816, 1e-13, Double.NaN})
                        .put("e", new double[0])
                        .toString())
                .isEqualTo("{\"t\": [0.39788735772973816, 1.0E-13, null], \"e\": []}");
    }
}
