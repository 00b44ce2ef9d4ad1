package io.paratune.examples.digits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.StringReader;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class DigitsTest {
    private static final Digits ALL = Digits.load();

    @Test
    void loadsAll1797DigitsWith64PixelsAndLabels0To9() {
        assertThat(ALL.size()).isEqualTo(1797);
        assertThat(ALL.features()).hasSize(1797 * 64);
        int[] counts = counts(ALL);
        assertThat(counts).hasSize(10);
        assertThat(Arrays.stream(counts)).allSatisfy(c -> assertThat(c).isBetween(170, 190));
        assertThat(Arrays.stream(counts).sum()).isEqualTo(1797);
        for (float pixel : ALL.features()) {
            assertThat(pixel).isBetween(0f, 16f);
        }
        // the first line of the file is a 0
        assertThat(ALL.labels()[0]).isZero();
        assertThat(Arrays.copyOf(ALL.features(), 8)).containsExactly(0, 0, 5, 13, 9, 1, 0, 0);
    }

    @Test
    void holdoutIsStratifiedAndCoversEveryRowOnce() {
        Digits.Holdout split = ALL.holdout(0.2, 42);
        assertThat(split.development().size() + split.test().size()).isEqualTo(1797);
        int[] all = counts(ALL);
        int[] test = counts(split.test());
        for (int d = 0; d < 10; d++) {
            assertThat(test[d]).isEqualTo(Math.round(all[d] * 0.2f));
        }
        assertThat(sortedRows(split.development(), split.test())).isEqualTo(sortedRows(ALL));
    }

    @Test
    void sameSeedSameSplitOtherSeedOtherSplit() {
        assertThat(ALL.holdout(0.2, 1).test().labels())
                .isEqualTo(ALL.holdout(0.2, 1).test().labels());
        assertThat(ALL.holdout(0.2, 1).test().features())
                .isNotEqualTo(ALL.holdout(0.2, 2).test().features());
    }

    @Test
    void foldsValidateOnDisjointPartsAndTrainOnTheRest() {
        Digits development = ALL.holdout(0.2, 42).development();
        List<Digits.Fold> folds = development.folds(5, 42);
        assertThat(folds).hasSize(5);
        Digits[] validations = folds.stream().map(Digits.Fold::validation).toArray(Digits[]::new);
        assertThat(sortedRows(validations)).isEqualTo(sortedRows(development));
        for (Digits.Fold fold : folds) {
            assertThat(fold.train().size() + fold.validation().size()).isEqualTo(development.size());
            assertThat(sortedRows(fold.train(), fold.validation())).isEqualTo(sortedRows(development));
            assertThat(Arrays.stream(counts(fold.validation())))
                    .allSatisfy(c -> assertThat(c).isBetween(26, 30));
        }
    }

    @Test
    void badInputIsRefusedWithTheLineAndTheFix() {
        String shortLine = "1,2,3\n";
        assertThatThrownBy(() -> Digits.parse(new BufferedReader(new StringReader(shortLine))))
                .hasMessageContaining("line 1 has 3 fields");
        String badLabel = "0,".repeat(64) + "12\n";
        assertThatThrownBy(() -> Digits.parse(new BufferedReader(new StringReader(badLabel))))
                .hasMessageContaining("label 12");
        assertThatThrownBy(() -> ALL.holdout(1.5, 1)).hasMessageContaining("testFraction=1.5");
        assertThatThrownBy(() -> ALL.folds(1, 1)).hasMessageContaining("k=1");
    }

    private static int[] counts(Digits digits) {
        int[] counts = new int[10];
        for (int label : digits.labels()) {
            counts[label]++;
        }
        return counts;
    }

    /** Every row (pixels and label) of the given parts, as sorted strings: a multiset to compare. */
    private static List<String> sortedRows(Digits... parts) {
        return Arrays.stream(parts)
                .flatMap(p -> IntStream.range(0, p.size())
                        .mapToObj(i -> Arrays.toString(Arrays.copyOfRange(p.features(), i * 64, i * 64 + 64)) + "="
                                + p.labels()[i]))
                .sorted()
                .toList();
    }
}
