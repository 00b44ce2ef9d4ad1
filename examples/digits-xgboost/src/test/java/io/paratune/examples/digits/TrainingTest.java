package io.paratune.examples.digits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import ml.dmlc.xgboost4j.java.Booster;
import org.junit.jupiter.api.Test;

class TrainingTest {
    private static final BoosterConfig CONFIG = new BoosterConfig(0.3, 4, 1, 0.8, 0.8, 1, 0.01);

    @Test
    void aFewRoundsOfCrossValidationGiveAFiniteLossBetterThanGuessing() throws Exception {
        List<Digits.Fold> folds = Digits.load().holdout(0.2, 7).development().folds(3, 7);
        List<Double> reported = new ArrayList<>();
        Training.Fit fit = Training.crossValidate(folds, CONFIG, 7, 6, 3, 30, (rounds, loss) -> reported.add(loss));
        assertThat(reported).hasSize(2).allSatisfy(loss -> assertThat(loss).isFinite());
        assertThat(reported.get(1)).isLessThan(reported.get(0));
        assertThat(fit.bestLoss()).isFinite().isLessThan(Math.log(10)).isEqualTo(reported.get(1));
        assertThat(fit.bestRounds()).isEqualTo(6);
        assertThat(fit.roundsRun()).isEqualTo(6);
    }

    @Test
    void anExceptionFromProgressStopsTheFit() {
        List<Digits.Fold> folds = Digits.load().holdout(0.2, 7).development().folds(2, 7);
        List<Integer> seen = new ArrayList<>();
        assertThatThrownBy(() -> Training.crossValidate(folds, CONFIG, 7, 50, 2, 30, (rounds, loss) -> {
                    seen.add(rounds);
                    throw new IllegalStateException("stop");
                }))
                .hasMessage("stop");
        assertThat(seen).containsExactly(2);
    }

    @Test
    void aTrainedModelBeatsChanceOnHeldOutDigits() throws Exception {
        Digits.Holdout data = Digits.load().holdout(0.2, 7);
        Booster model = Training.train(data.development(), CONFIG, 7, 10);
        try {
            Training.Score score = Training.score(model, data.test());
            assertThat(score.size()).isEqualTo(data.test().size());
            assertThat(score.accuracy()).isGreaterThan(0.8);
            assertThat(score.logLoss()).isFinite().isLessThan(Math.log(10));
        } finally {
            model.dispose();
        }
    }

    @Test
    void scoreIsMeanNegativeLogProbabilityOfTheTrueDigitAndArgmaxAccuracy() {
        float[][] p = {{0.5f, 0.25f, 0.25f}, {0.2f, 0.2f, 0.6f}};
        Training.Score s = Training.score(p, new int[] {0, 1});
        assertThat(s.logLoss()).isCloseTo(-(Math.log(0.5) + Math.log(0.2)) / 2, within(1e-6));
        assertThat(s.correct()).isEqualTo(1);
        assertThat(s.accuracy()).isEqualTo(0.5);
    }
}
