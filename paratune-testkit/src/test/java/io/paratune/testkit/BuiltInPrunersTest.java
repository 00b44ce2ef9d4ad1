package io.paratune.testkit;

import io.paratune.pruner.Pruner;
import io.paratune.pruner.Pruners;
import org.junit.jupiter.api.Nested;

/** Every built-in pruner against the pruner contract. */
class BuiltInPrunersTest {

    @Nested
    class None extends PrunerContract {
        @Override
        protected Pruner newPruner() {
            return Pruners.none();
        }

        @Override
        protected boolean prunesTheWorst() {
            return false;
        }
    }

    @Nested
    class Median extends PrunerContract {
        @Override
        protected Pruner newPruner() {
            return Pruners.median();
        }
    }

    @Nested
    class Percentile extends PrunerContract {
        @Override
        protected Pruner newPruner() {
            return Pruners.percentile(25, 5, 0, 1, 1);
        }
    }

    @Nested
    class Threshold extends PrunerContract {
        @Override
        protected Pruner newPruner() {
            return Pruners.threshold(Double.NEGATIVE_INFINITY, 2.0, 0, 1);
        }
    }

    @Nested
    class Patient extends PrunerContract {
        @Override
        protected Pruner newPruner() {
            return Pruners.patient(3, 0.0);
        }

        @Override
        protected boolean prunesTheWorst() {
            return false; // the worst trial still improves at every step
        }
    }

    @Nested
    class SuccessiveHalving extends PrunerContract {
        @Override
        protected Pruner newPruner() {
            return Pruners.successiveHalving();
        }
    }

    @Nested
    class Hyperband extends PrunerContract {
        @Override
        protected Pruner newPruner() {
            return Pruners.hyperband(1, STEPS, 3);
        }
    }
}
