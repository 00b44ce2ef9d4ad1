package io.paratune.storage.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.paratune.space.CategoricalDistribution;
import io.paratune.space.Distribution;
import io.paratune.space.FloatDistribution;
import io.paratune.space.IntDistribution;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void everyDistributionComesBackEqualFromItsText() {
        List<Distribution> all = List.of(
                FloatDistribution.of("x", -5, 5),
                FloatDistribution.logScale("lr", 1e-5, 0.1),
                FloatDistribution.logitScale("dropout", 0.01, 0.99),
                new FloatDistribution("step", -1.5, 2.5e3, false, OptionalDouble.of(0.5)),
                new IntDistribution("n", -3, 9_007_199_254_740_991L, false, 2),
                IntDistribution.logScale("width", 1, 1024),
                FloatDistribution.of("quote \" back \\ tab \t newline \n bell \u0007 ünï", 0, 1),
                CategoricalDistribution.of("kind", Arrays.asList("a", 3L, 2, 0.25, true, null)));
        for (Distribution d : all) {
            String text = Json.writeDistribution(d);
            assertThat(Json.readDistribution(text)).as(text).isEqualTo(d);
            assertThat(Json.read("distribution", text))
                    .as("valid JSON: %s", text)
                    .isNotNull();
        }
    }

    @Test
    void distributionsWrittenBeforeTheLogitScaleReadAsBefore() {
        // texts of databases written before the logit scale existed: no "logit" key
        assertThat(Json.readDistribution(
                        "{\"kind\":\"float\",\"name\":\"lr\",\"low\":1.0E-5,\"high\":0.1," + "\"log\":true}"))
                .isEqualTo(FloatDistribution.logScale("lr", 1e-5, 0.1));
        assertThat(Json.readDistribution(
                        "{\"kind\":\"float\",\"name\":\"x\",\"low\":0.1,\"high\":0.9," + "\"log\":false}"))
                .isEqualTo(FloatDistribution.of("x", 0.1, 0.9));
        // and the texts of linear and log ranges are unchanged, so their studies' stored ranges still match
        assertThat(Json.writeDistribution(FloatDistribution.logScale("lr", 1e-5, 0.1)))
                .isEqualTo("{\"kind\":\"float\",\"name\":\"lr\",\"low\":1.0E-5,\"high\":0.1,\"log\":true}");
        assertThat(Json.writeDistribution(FloatDistribution.logitScale("p", 0.1, 0.9)))
                .isEqualTo("{\"kind\":\"float\",\"name\":\"p\",\"low\":0.1,\"high\":0.9,\"log\":false,"
                        + "\"logit\":true}");
    }

    @Test
    void valuesRoundTripExactly() {
        double[] values = {
            0.1, -2.5e-300, Double.MAX_VALUE, Double.MIN_VALUE, -0.0, Double.NaN, Double.NEGATIVE_INFINITY
        };
        assertThat(Json.readValues(Json.writeValues(values))).containsExactly(values);
        assertThat(Json.writeValues(null)).isNull();
        assertThat(Json.readValues(null)).isEmpty();
    }
}
