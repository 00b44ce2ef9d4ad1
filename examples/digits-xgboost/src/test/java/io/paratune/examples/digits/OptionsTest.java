package io.paratune.examples.digits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class OptionsTest {

    @Test
    void defaultsWithoutArguments() {
        assertThat(Options.parse())
                .contains(new Options(Options.DEFAULT_TRIALS, Options.DEFAULT_PARALLELISM, Options.DEFAULT_SEED));
    }

    @Test
    void readsSeparateAndJoinedValues() {
        assertThat(Options.parse("--trials", "8", "--parallelism=2", "--seed", "-3"))
                .contains(new Options(8, 2, -3));
    }

    @Test
    void helpGivesNoOptions() {
        assertThat(Options.parse("--trials", "8", "--help")).isEmpty();
        assertThat(Options.parse("-h")).isEmpty();
    }

    @Test
    void badInputNamesTheOptionTheValueAndTheFix() {
        assertThatThrownBy(() -> Options.parse("--trials", "many"))
                .hasMessage("--trials 'many' is not a whole number; give one, as in --trials 8");
        assertThatThrownBy(() -> Options.parse("--parallelism", "0"))
                .hasMessage("--parallelism 0 is out of range; give 1..1024");
        assertThatThrownBy(() -> Options.parse("--seed")).hasMessage("--seed needs a value, as in --seed 8");
        assertThatThrownBy(() -> Options.parse("--trails", "8"))
                .hasMessage("unknown option '--trails'; use --trials, --parallelism or --seed");
    }
}
