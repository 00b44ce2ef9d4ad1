package io.paratune;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ObjectiveValuesTest {
    private static final List<Direction> TWO = List.of(Direction.MINIMIZE, Direction.MAXIMIZE);

    @Test
    void oneFiniteValuePerDirectionIsFine() {
        assertThat(ObjectiveValues.problem(new double[] {1, -2}, TWO)).isEmpty();
    }

    @Test
    void aWrongCountNamesBothCountsAndTheDirections() {
        assertThat(ObjectiveValues.problem(new double[] {1}, TWO))
                .hasValue("1 value for 2 directions [MINIMIZE, MAXIMIZE]; give one value per direction");
        assertThat(ObjectiveValues.problem(null, List.of(Direction.MINIMIZE)))
                .hasValue("0 values for 1 direction [MINIMIZE]; give one value per direction");
    }

    @Test
    void aNonFiniteValueIsNamedWithItsIndexWhenThereAreSeveral() {
        assertThat(ObjectiveValues.problem(new double[] {1, Double.NaN}, TWO))
                .hasValue("NaN as value 1; values must be finite numbers");
        assertThat(ObjectiveValues.problem(new double[] {Double.POSITIVE_INFINITY}, List.of(Direction.MAXIMIZE)))
                .hasValue("Infinity; values must be finite numbers");
    }

    @Test
    void studyTellFailsTheTrialWithTheProblem() {
        Study study = Study.builder()
                .directions(Direction.MINIMIZE, Direction.MAXIMIZE)
                .create();
        FrozenTrial told = study.tell(study.ask(), 1.0);
        assertThat(told.state()).isEqualTo(TrialState.FAIL);
        assertThat(told.failureMessage())
                .isEqualTo("the objective returned 1 value for 2 directions"
                        + " [MINIMIZE, MAXIMIZE]; give one value per direction");
    }
}
