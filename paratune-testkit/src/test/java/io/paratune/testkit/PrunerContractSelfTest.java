package io.paratune.testkit;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.paratune.pruner.Pruner;
import io.paratune.pruner.Pruners;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The pruner contract fails the pruners it is meant to catch. */
class PrunerContractSelfTest {

    /** A contract run on one pruner; its tests are called directly. */
    private static PrunerContract on(Pruner pruner) {
        return new PrunerContract() {
            @Override
            protected Pruner newPruner() {
                return pruner;
            }
        };
    }

    @Test
    void aPrunerWithStateOfItsOwnFailsTheFreshInstanceCheck() {
        // decides from how many decisions this instance made, not from the stored state: once it has
        // made 100, it prunes everything
        PrunerContract contract = new PrunerContract() {
            @Override
            protected Pruner newPruner() {
                AtomicInteger calls = new AtomicInteger();
                return (study, trial) -> calls.incrementAndGet() > 100;
            }
        };
        assertThatThrownBy(contract::aFreshInstanceDecidesAsTheOneThatSawTheHistory)
                .isInstanceOf(AssertionError.class);
    }

    @Test
    void aPrunerThatPrunesEverythingFailsTheBestTrialCheck() {
        assertThatThrownBy(on((study, trial) -> true)::theBestTrialIsNeverPruned)
                .isInstanceOf(AssertionError.class);
    }

    @Test
    void aPrunerThatNeverPrunesFailsTheWorstTrialCheck() {
        assertThatThrownBy(on(Pruners.none())::aTrialWorseThanEveryOtherIsPrunedBeforeItsLastStep)
                .isInstanceOf(AssertionError.class);
    }

    @Test
    void aPrunerThatWaitsForOtherTrialsFailsTheNoWaitingCheck() {
        // waits while another trial runs, as a synchronous rung would for its peers
        Pruner waiting = (study, trial) -> {
            if (study.running().stream().allMatch(t -> t.number() == trial.number())) {
                return false;
            }
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return false;
        };
        PrunerContract contract = new PrunerContract() {
            @Override
            protected Pruner newPruner() {
                return waiting;
            }

            @Override
            protected boolean prunesTheWorst() {
                return false;
            }
        };
        assertThatThrownBy(contract::aDecisionNeverWaitsForOtherTrials).isInstanceOf(AssertionError.class);
    }
}
