package io.paratune.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RealModelProblemTest {
    private static final String SVM = """
            [{"name": "svm-digits", "data": "digits", "model": "SVC", "loss": "1 - accuracy", "search_space": [
              {"name": "C", "type": "float", "low": 0.01, "high": 1000.0, "log": true},
              {"name": "kernel", "type": "categorical", "choices": ["rbf", "poly", "linear"]},
              {"name": "gamma", "type": "float", "low": 0.0001, "high": 1.0, "log": true,
               "when": {"kernel": ["rbf", "poly"]}},
              {"name": "degree", "type": "int", "low": 2, "high": 5, "log": false, "when": {"kernel": ["poly"]}},
              {"name": "shrinking", "type": "categorical", "choices": [true, false]},
              {"name": "batch", "type": "categorical", "choices": [16, 32]}]}]
            """;

    private static RealModelProblem svm() throws Exception {
        return RealModelProblem.fromJson(new ObjectMapper().readTree(SVM)).get(0);
    }

    @Test
    void theSearchSpaceIsWrittenAsAUserWouldWriteIt() throws Exception {
        assertThat(svm().searchSpaceYaml()).isEqualTo("""
                search_space:
                  C: {type: float, low: 0.01, high: 1000.0, log: true}
                  kernel: {type: categorical, choices: ["rbf", "poly", "linear"]}
                  gamma: {type: float, low: 1.0E-4, high: 1.0, log: true, when: {kernel: ["rbf", "poly"]}}
                  degree: {type: int, low: 2, high: 5, when: {kernel: ["poly"]}}
                  shrinking: {type: categorical, choices: [true, false]}
                  batch: {type: categorical, choices: [16, 32]}
                """);
        assertThat(svm().parameterWords())
                .containsExactly(
                        "--C={C}",
                        "--kernel={kernel}",
                        "--gamma={gamma}",
                        "--degree={degree}",
                        "--shrinking={shrinking}",
                        "--batch={batch}");
    }

    @Test
    void theGridReachesTheBudgetWithValuesInsideEachRange() throws Exception {
        Map<String, List<Object>> grid = svm().grid(128);
        long points = grid.values().stream().mapToLong(List::size).reduce(1, (x, y) -> x * y);
        assertThat(points).isGreaterThanOrEqualTo(128);
        // the smallest equal number of values per numeric parameter that reaches 128: 3 * 3 * 3 * 3 * 2 * 2 = 324
        assertThat(grid.get("C")).hasSize(3).startsWith(0.01).endsWith(1000.0);
        assertThat((double) grid.get("C").get(1)).isCloseTo(Math.sqrt(10), org.assertj.core.data.Offset.offset(1e-9));
        assertThat(grid.get("gamma")).hasSize(3).allMatch(v -> (double) v >= 1e-4 && (double) v <= 1.0);
        assertThat(grid.get("degree")).containsExactly(2L, 4L, 5L);
        assertThat(grid.get("kernel")).containsExactly("rbf", "poly", "linear");
        assertThat(grid.get("shrinking")).containsExactly(true, false);
        assertThat(svm().gridYaml(2))
                .isEqualTo("{C: [0.01, 1000.0], kernel: [\"rbf\", \"poly\", \"linear\"],"
                        + " gamma: [1.0E-4, 1.0], degree: [2, 5], shrinking: [true, false], batch: [16, 32]}");
    }

    private static final String FRACTIONS = """
            [{"name": "tree-fractions", "data": "breast-cancer", "model": "DecisionTreeClassifier",
              "loss": "1 - accuracy", "search_space": [
              {"name": "min_samples_split", "type": "float", "low": 0.01, "high": 0.99, "log": false, "logit": true},
              {"name": "max_depth", "type": "int", "low": 1, "high": 15, "log": false}]}]
            """;

    @Test
    void logitParametersAreWrittenWithTheirScaleAndGriddedOnIt() throws Exception {
        RealModelProblem p = RealModelProblem.fromJson(new ObjectMapper().readTree(FRACTIONS))
                .get(0);
        assertThat(p.searchSpaceYaml())
                .contains("min_samples_split: {type: float, low: 0.01, high: 0.99, logit: true}");
        List<Object> grid = p.space().get(0).gridValues(3);
        assertThat(grid).hasSize(3).startsWith(0.01).endsWith(0.99);
        assertThat((double) grid.get(1)).isCloseTo(0.5, org.assertj.core.data.Offset.offset(1e-12));
        assertThat((double) p.space().get(0).gridValues(5).get(1))
                .isCloseTo(0.0913, org.assertj.core.data.Offset.offset(1e-4));
    }

    @Test
    void theBenchmarksScalesOptionPutsLogitParametersOnALinearScaleAndIsNotASamplerOption() throws Exception {
        RealModelProblem p = RealModelProblem.fromJson(new ObjectMapper().readTree(FRACTIONS))
                .get(0);
        RealModelStudy.Setup setup = new RealModelStudy.Setup(
                List.of("bin/paratune"),
                "/usr/bin/python3",
                Path.of("/r/trial.py"),
                Path.of("/w"),
                java.time.Duration.ofMinutes(1));
        String linear = RealModelStudy.studyFile(
                p, RealModelStudy.SamplerSpec.parse("gp+scales=linear"), 1, 16, 8, setup, Path.of("/tmp/s.sock"));
        assertThat(linear)
                .contains(
                        "min_samples_split: {type: float, low: 0.01, high: 0.99}\n",
                        "sampler: {name: gp, options: {seed: 1}}\n",
                        "name: rm-tree-fractions-gp_scales_linear-s1\n");
        assertThat(RealModelStudy.studyFile(
                        p, RealModelStudy.SamplerSpec.parse("gp"), 1, 16, 8, setup, Path.of("/tmp/s.sock")))
                .contains("logit: true");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RealModelStudy.SamplerSpec.parse("gp+scales=log"))
                .hasMessageContaining("scales=log is not known");
    }

    @Test
    void aSmallIntRangeIsGriddedWhole() {
        RealModelProblem.Param p = new RealModelProblem.Param("depth", "int", 1, 3, false, false, List.of(), Map.of());
        assertThat(p.gridValues(5)).containsExactly(1L, 2L, 3L);
        RealModelProblem.Param wide = new RealModelProblem.Param("n", "int", 4, 64, true, false, List.of(), Map.of());
        assertThat(wide.gridValues(3)).containsExactly(4L, 16L, 64L);
    }

    @Test
    void theStudyFileHoldsTheSamplerItsSeedAndTheCommand() throws Exception {
        RealModelStudy.Setup setup = new RealModelStudy.Setup(
                List.of("bin/paratune"),
                "/usr/bin/python3",
                Path.of("/r/trial.py"),
                Path.of("/w"),
                java.time.Duration.ofMinutes(1));
        RealModelStudy.SamplerSpec gp = RealModelStudy.SamplerSpec.parse("gp+deterministic=true+prior_mean=quadratic");
        String file = RealModelStudy.studyFile(svm(), gp, 3, 128, 8, setup, Path.of("/tmp/s.sock"));
        assertThat(file)
                .contains(
                        "name: rm-svm-digits-gp_deterministic_true_prior_mean_quadratic-s3\n",
                        "direction: minimize\n",
                        "trials: 128\n",
                        "parallelism: 8\n",
                        "sampler: {name: gp, options: {seed: 3, deterministic: true, prior_mean: quadratic}}\n",
                        "command: /usr/bin/python3 -I -S /r/trial.py --socket /tmp/s.sock --problem svm-digits --C={C}"
                                + " --kernel={kernel} --gamma={gamma} --degree={degree}");
        String grid = RealModelStudy.studyFile(
                svm(), RealModelStudy.SamplerSpec.parse("grid"), 0, 128, 8, setup, Path.of("/tmp/s.sock"));
        assertThat(grid).contains("sampler: {name: grid, options: {seed: 0, values: {C: [0.01, 3.16");
    }

    @Test
    void samplerSpecsNeedAValuePerOption() {
        assertThat(RealModelStudy.SamplerSpec.parse("tpe").options()).isEmpty();
        assertThat(RealModelStudy.SamplerSpec.parse("tpe+multivariate=false").options())
                .containsEntry("multivariate", "false");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RealModelStudy.SamplerSpec.parse("tpe+multivariate"))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("name+option=value");
    }
}
