package io.paratune.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code paratune export --format csv} after a real run: read back by a real CSV parser it holds
 * the same facts as the JSON export, with Optuna-like columns and the metrics' names.
 */
class ExportCsvIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** A grid of 9 trials: one fails with a message of several lines, the n=2 ones are pruned at step 0. */
    private void runSingleObjectiveStudy() throws Exception {
        Cli.script(dir, "objective.sh", """
                #!/bin/sh
                n=$1; kind=$2
                if [ "$n" = 3 ] && [ "$kind" = plain ]; then
                  echo 'first line, with a comma' >&2; echo 'second "quoted" line' >&2; exit 3
                fi
                if [ "$n" = 2 ]; then echo "paratune: step=0 value=10"; sleep 30; fi
                echo "paratune: step=0 value=$n.5"
                echo "paratune: step=1 value=$n.25"
                echo "paratune: value=$n"
                """);
        Cli.write(dir, "study.yaml", """
                name: csv
                search_space:
                  n: {type: int, low: 1, high: 3}
                  kind: {type: categorical, choices: [plain, "with,comma", "say \\"hi\\""]}
                command: ./objective.sh {n} {kind}
                sampler: {name: grid, options: {seed: 4}}
                pruner: {name: threshold, options: {upper: 5}}
                """);
        Cli.Result run = Cli.run(dir, "run", "study.yaml", "--no-progress");
        assertThat(run.code()).as(run.err()).isZero();
    }

    /** The CSV as rows of cells, by Jackson's CSV parser; every row as long as the header. */
    private static List<List<String>> parse(String csv) throws IOException {
        CsvMapper mapper = new CsvMapper();
        mapper.enable(CsvParser.Feature.WRAP_AS_ARRAY);
        List<List<String>> rows = new ArrayList<>();
        try (MappingIterator<String[]> it = mapper.readerFor(String[].class).readValues(csv)) {
            while (it.hasNext()) {
                rows.add(List.of(it.next()));
            }
        }
        for (List<String> row : rows) {
            assertThat(row).hasSameSizeAs(rows.get(0));
        }
        return rows;
    }

    private static Map<String, String> row(List<String> header, List<String> cells) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            m.put(header.get(i), cells.get(i));
        }
        return m;
    }

    @Test
    void theCsvHoldsWhatTheJsonHolds() throws Exception {
        runSingleObjectiveStudy();
        Cli.Result csv = Cli.run(dir, "export", "study.yaml");
        assertThat(csv.code()).as(csv.err()).isZero();
        JsonNode json = Cli.run(dir, "export", "study.yaml", "--format", "json").exportJson();
        List<List<String>> rows = parse(csv.out());
        List<String> header = rows.get(0);
        assertThat(header)
                .containsExactly(
                        "number",
                        "state",
                        "value",
                        "params_n",
                        "params_kind",
                        "user_attrs_command",
                        "intermediate_values",
                        "duration_s",
                        "started",
                        "finished",
                        "log",
                        "failure_message");
        assertThat(rows).hasSize(10);
        assertThat(json).hasSize(9);

        int failed = 0;
        int pruned = 0;
        for (int i = 0; i < 9; i++) {
            Map<String, String> r = row(header, rows.get(i + 1));
            JsonNode t = json.get(i);
            assertThat(r.get("number")).isEqualTo(t.get("number").asText());
            assertThat(r.get("state")).isEqualTo(t.get("state").asText());
            if (t.get("values").isNull()) {
                assertThat(r.get("value")).isEmpty();
            } else {
                assertThat(Double.parseDouble(r.get("value")))
                        .isEqualTo(t.get("values").get(0).asDouble());
            }
            assertThat(r.get("params_n")).isEqualTo(t.get("params").get("n").asText());
            assertThat(r.get("params_kind"))
                    .isEqualTo(t.get("params").get("kind").asText());
            assertThat(r.get("user_attrs_command"))
                    .isEqualTo(t.get("user_attributes").get("command").asText());
            JsonNode steps = t.get("intermediate_values");
            assertThat(
                            r.get("intermediate_values").isEmpty()
                                    ? JSON.createObjectNode()
                                    : JSON.readTree(r.get("intermediate_values")))
                    .isEqualTo(steps);
            assertThat(Double.parseDouble(r.get("duration_s")))
                    .isEqualTo(t.get("duration_s").asDouble());
            assertThat(r.get("started")).isEqualTo(t.get("started").asText());
            assertThat(r.get("finished")).isEqualTo(t.get("finished").asText());
            assertThat(r.get("log"))
                    .isEqualTo(t.get("log").asText())
                    .isEqualTo(t.get("user_attributes").get("log").asText())
                    .endsWith(".log");
            assertThat(r.get("failure_message"))
                    .isEqualTo(
                            t.get("failure_message").isNull()
                                    ? ""
                                    : t.get("failure_message").asText());
            if (r.get("state").equals("FAIL")) {
                failed++;
                assertThat(r.get("failure_message"))
                        .contains("exited with code 3")
                        .contains("\n")
                        .contains("first line, with a comma")
                        .contains("second \"quoted\" line");
            }
            if (r.get("state").equals("PRUNED")) {
                pruned++;
                assertThat(r.get("intermediate_values")).isEqualTo("{\"0\":10.0}");
            }
        }
        assertThat(failed).isEqualTo(1);
        assertThat(pruned).isEqualTo(3);
        assertThat(rows.stream().map(row -> row.get(header.indexOf("params_kind"))))
                .contains("with,comma", "say \"hi\"");
    }

    @Test
    void severalObjectivesAreColumnsNamedByTheirMetrics() throws Exception {
        Cli.write(dir, "study.yaml", """
                name: two
                directions: [minimize, maximize]
                metrics: [loss, acc]
                search_space:
                  x: {type: int, low: 1, high: 3}
                command: [sh, -c, "echo '{\\"loss\\": {x}, \\"acc\\": 0.{x}}'"]
                trials: 3
                sampler: {name: random, options: {seed: 1}}
                """);
        Cli.Result run = Cli.run(dir, "run", "study.yaml", "--no-progress");
        assertThat(run.code()).as(run.err()).isZero();
        for (String[] ref : new String[][] {{"study.yaml"}, {"--storage", "sqlite:paratune.db", "--study", "two"}}) {
            List<String> args = new ArrayList<>(List.of("export"));
            args.addAll(List.of(ref));
            List<List<String>> rows =
                    parse(Cli.run(dir, args.toArray(new String[0])).out());
            List<String> header = rows.get(0);
            assertThat(header.subList(0, 5)).containsExactly("number", "state", "value_loss", "value_acc", "params_x");
            for (List<String> cells : rows.subList(1, rows.size())) {
                Map<String, String> r = row(header, cells);
                assertThat(r.get("value_loss")).isEqualTo(r.get("params_x") + ".0");
                assertThat(r.get("value_acc")).isEqualTo("0." + r.get("params_x"));
            }
        }
    }

    @Test
    void pandasReadsItWithOneReadCsv() throws Exception {
        boolean ci = System.getenv("CI") != null; // .ci/run installs Debian's python3-pandas
        if (!ci) {
            Assumptions.assumeTrue(
                    pandas(),
                    PYTHON + " with pandas is not installed here; the Java parse above is" + " the required check");
        }
        runSingleObjectiveStudy();
        Path out = dir.resolve("trials.csv");
        assertThat(Cli.run(dir, "export", "study.yaml", "-o", out.toString()).code())
                .isZero();
        Process p = new ProcessBuilder(
                        PYTHON,
                        "-c",
                        String.join(
                                "\n",
                                "import json, sys, pandas as pd",
                                "df = pd.read_csv(sys.argv[1])",
                                "assert len(df) == 9, len(df)",
                                "assert list(df.columns[:5]) == ['number', 'state', 'value', 'params_n', 'params_kind'], df.columns",
                                "assert set(df['state']) == {'COMPLETE', 'PRUNED', 'FAIL'}",
                                "assert 'with,comma' in set(df['params_kind'])",
                                "steps = [json.loads(s) for s in df['intermediate_values'].dropna()]",
                                "assert all(isinstance(s, dict) for s in steps) and len(steps) == 8, steps",
                                "print('ok')"),
                        out.toString())
                .redirectErrorStream(true)
                .start();
        String text = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(text.strip()).as(text).isEqualTo("ok");
    }

    /** Debian's python3, where the distribution's pandas is installed, else the one on the PATH. */
    private static final String PYTHON =
            java.nio.file.Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";

    private static boolean pandas() {
        try {
            Process p = new ProcessBuilder(PYTHON, "-c", "import pandas")
                    .redirectErrorStream(true)
                    .start();
            p.getInputStream().readAllBytes();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
