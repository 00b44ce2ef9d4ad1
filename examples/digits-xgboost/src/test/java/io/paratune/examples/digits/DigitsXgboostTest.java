package io.paratune.examples.digits;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DigitsXgboostTest {

    @Test
    void aSmallParallelStudyPrintsEachTrialTheBestConfigurationAndTheTestAccuracy() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

        boolean ok = new DigitsXgboost(new Options(6, 3, 5), 10, out).run();

        String printed = bytes.toString(StandardCharsets.UTF_8);
        assertThat(ok).isTrue();
        assertThat(printed).contains("6 trials, 3 in parallel, up to 10 rounds each; RandomSampler");
        assertThat(printed.lines().filter(l -> l.matches("\\[ *\\d+\\.\\ds] trial +\\d+ (COMPLETE|PRUNED) .*")))
                .hasSize(6);
        assertThat(printed).contains("6/6 done, 0 running");
        assertThat(printed).containsPattern("Best trial \\d+: cross-validated mlogloss \\d\\.\\d{4} at 10 rounds");
        for (String param :
                new String[] {"eta", "max_depth", "min_child_weight", "subsample", "colsample_bytree", "lambda", "alpha"
                }) {
            assertThat(printed).containsPattern("\n  " + param + " +\\S+\n");
        }
        assertThat(printed).containsPattern("test accuracy \\d+\\.\\d\\d% \\(\\d+/359\\)");
    }
}
