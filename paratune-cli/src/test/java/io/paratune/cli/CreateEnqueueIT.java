package io.paratune.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.paratune.FrozenTrial;
import io.paratune.TrialState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code paratune create} and {@code enqueue}, {@code enqueue:} in the study file and {@code
 * params_in_command: false}, with the real command on the SQLite file.
 */
class CreateEnqueueIT {
    private static final String SPACE = """
            search_space:
              lr: {type: float, low: 1.0e-4, high: 1.0, log: true}
              layers: {type: int, low: 1, high: 4}
              opt: {type: categorical, choices: [adam, sgd]}
              momentum: {type: float, low: 0.0, high: 0.9, when: {opt: sgd}}
            command: ./objective.sh {lr} {layers} {opt} --momentum={momentum}
            sampler: random
            """;

    @TempDir
    Path dir;

    private Path studyFile(Path folder, String name, String extra) throws Exception {
        Files.createDirectories(folder);
        Cli.script(folder, "objective.sh", "#!/bin/sh\necho \"paratune: value=$2\"\n");
        return Cli.write(
                folder,
                "study.yaml",
                "name: " + name + "\nstorage: sqlite:" + dir.resolve("shared.db") + "\n" + SPACE + extra);
    }

    private String url() {
        return "sqlite:" + dir.resolve("shared.db");
    }

    @Test
    void createMakesTheStudyWithoutRunningAndConfirmsItWithTheSameFile() throws Exception {
        Path bad = studyFile(dir.resolve("bad"), "made", "trials: 4\nenqueue:\n  - {lr: 5, layers: 2, opt: adam}\n");
        Cli.Result refusedFile = Cli.run(bad.getParent(), "create", "study.yaml");
        assertThat(refusedFile.code()).isEqualTo(2);
        assertThat(refusedFile.err().strip())
                .isEqualTo("paratune: study.yaml:12: enqueue[0].lr: parameter 'lr':"
                        + " value 5.0 is outside [1.0E-4, 1.0]; give a value inside the bounds");
        assertThat(dir.resolve("shared.db")).as("a bad file creates nothing").doesNotExist();

        Path a = studyFile(
                dir.resolve("a"),
                "made",
                "trials: 4\nenqueue:\n  - {lr: 0.01, layers: 2, opt: adam}\n"
                        + "  - {lr: 0.1, layers: 3, opt: sgd, momentum: 0.5}\n");
        Cli.Result created = Cli.run(a.getParent(), "create", "study.yaml");
        assertThat(created.code()).as(created.err()).isZero();
        assertThat(created.out())
                .startsWith("created study 'made' in " + url() + ": 4 parameter(s), sampler random,"
                        + " pruner none, trials 4; 2 trial(s) enqueued from enqueue:\n");
        List<FrozenTrial> trials = Budgets.trials(url(), "made");
        assertThat(trials).extracting(FrozenTrial::state).containsExactly(TrialState.WAITING, TrialState.WAITING);
        assertThat(dir.resolve("a/paratune-logs")).as("nothing ran").doesNotExist();

        Cli.Result again = Cli.run(a.getParent(), "create", "study.yaml");
        assertThat(again.code()).as(again.err()).isZero();
        assertThat(again.out())
                .startsWith("study 'made' already exists in " + url() + " (2 waiting); nothing" + " created");
        assertThat(Budgets.trials(url(), "made"))
                .as("enqueue: is enqueued once")
                .hasSize(2);

        // the same checks as run: a file elsewhere with the same name is refused unless it joins
        Path b = studyFile(dir.resolve("b"), "made", "trials: 4\n");
        Cli.Result other = Cli.run(b.getParent(), "create", "study.yaml");
        assertThat(other.code()).isEqualTo(2);
        assertThat(other.err().strip())
                .startsWith("paratune: " + b.toRealPath() + ": study 'made' already exists in " + url()
                        + ", started from " + a.toRealPath() + "; give this study another name, or pass --join");
        Cli.Result joined = Cli.run(b.getParent(), "create", "study.yaml", "--join");
        assertThat(joined.code()).as(joined.err()).isZero();
        assertThat(joined.err()).contains("joining study 'made' started from " + a.toRealPath() + " (--join)");

        Cli.Result ran = Cli.run(a.getParent(), "run", "study.yaml", "--no-progress");
        assertThat(ran.code()).as(ran.err()).isZero();
        trials = Budgets.trials(url(), "made");
        assertThat(trials).hasSize(4);
        assertThat(trials.get(0).params()).isEqualTo(Map.of("lr", 0.01, "layers", 2L, "opt", "adam"));
        assertThat(trials.get(1).params()).isEqualTo(Map.of("lr", 0.1, "layers", 3L, "opt", "sgd", "momentum", 0.5));
        Budgets.assertKept(url(), "made", 4);
    }

    @Test
    void enqueuedConfigurationsRunFirstAndCountTowardTheBudget() throws Exception {
        Path file = studyFile(
                dir,
                "queued",
                "trials: 6\nparallelism: 1\nenqueue:\n"
                        + "  - {lr: 0.001, layers: 1, opt: adam}\n  - {lr: 0.002, layers: 2, opt: sgd, momentum: 0.1}\n");
        Cli.Result pairs = Cli.run(dir, "enqueue", "study.yaml", "-p", "lr=3e-3", "-p", "layers=3", "-p", "opt=adam");
        assertThat(pairs.code()).as(pairs.err()).isZero();
        assertThat(pairs.out())
                .startsWith("enqueued in study 'queued': lr=0.003, layers=3, opt=adam\n")
                .contains("enqueued trials run before sampled ones and count toward trials (6)");
        Cli.Result json = Cli.run(
                dir,
                "enqueue",
                "study.yaml",
                "--params",
                "[{\"lr\": 0.004, \"layers\": 4, \"opt\":"
                        + " \"sgd\", \"momentum\": 0.9}, {\"opt\": \"adam\", \"layers\": 1.0, \"lr\": 0.005}]");
        assertThat(json.code()).as(json.err()).isZero();
        assertThat(json.out())
                .contains("enqueued in study 'queued': lr=0.004, layers=4, opt=sgd, momentum=0.9\n")
                .contains("enqueued in study 'queued': lr=0.005, layers=1, opt=adam\n");
        // the study was created by the first enqueue: the file's enqueue: came first
        assertThat(Budgets.trials(url(), "queued")).hasSize(5).allMatch(t -> t.state() == TrialState.WAITING);

        for (String[] bad : List.of(
                new String[] {
                    "-p",
                    "lr=0.01",
                    "-p",
                    "layer=2",
                    "-p",
                    "opt=adam",
                    "paratune: -p: unknown parameter 'layer'; did you mean 'layers'? (the search space has lr, layers,"
                            + " opt, momentum)"
                },
                new String[] {
                    "--params",
                    "{\"lr\": 2, \"layers\": 2, \"opt\": \"adam\"}",
                    "paratune: --params: parameter 'lr': value 2.0 is outside [1.0E-4, 1.0]; give a value inside the"
                            + " bounds"
                },
                new String[] {
                    "--params",
                    "{\"lr\": 0.1, \"layers\": 2, \"opt\": \"rmsprop\"}",
                    "paratune: --params: parameter 'opt': \"rmsprop\" is not one of its choices [adam, sgd]; give one"
                            + " of them"
                },
                new String[] {
                    "-p",
                    "lr=0.01",
                    "-p",
                    "opt=sgd",
                    "paratune: -p: missing parameters layers, momentum (as opt is sgd); give a value for each"
                            + " parameter of the search space"
                },
                new String[] {
                    "--params",
                    "[{\"lr\": 0.01, \"layers\": 2, \"opt\": \"adam\"}, {\"lr\": 0.01}]",
                    "paratune: --params (configuration 2): missing parameters layers, opt"
                })) {
            String[] args = new String[bad.length + 1];
            args[0] = "enqueue";
            args[1] = "study.yaml";
            System.arraycopy(bad, 0, args, 2, bad.length - 1);
            Cli.Result r = Cli.run(dir, args);
            assertThat(r.code()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(r.err().strip()).startsWith(bad[bad.length - 1]).doesNotContain("\n");
        }
        assertThat(Budgets.trials(url(), "queued"))
                .as("a bad configuration enqueues nothing")
                .hasSize(5);

        Cli.Result ran = Cli.run(dir, "run", "study.yaml", "--no-progress");
        assertThat(ran.code()).as(ran.err()).isZero();
        List<FrozenTrial> trials = Budgets.trials(url(), "queued");
        assertThat(trials).hasSize(6);
        assertThat(trials.subList(0, 5))
                .extracting(t -> t.params().get("lr"))
                .containsExactly(0.001, 0.002, 0.003, 0.004, 0.005);
        assertThat(trials.get(1).params()).containsEntry("momentum", 0.1);
        assertThat(trials).allMatch(t -> t.state() == TrialState.COMPLETE);
        Budgets.assertKept(url(), "queued", 6);

        // resuming does not enqueue the file's list again; an enqueued trial runs although the budget is spent
        Cli.Result resumed = Cli.run(dir, "run", "study.yaml", "--no-progress");
        assertThat(resumed.code()).as(resumed.err()).isZero();
        assertThat(resumed.err()).contains("study 'queued' already has its 6 trials");
        assertThat(Budgets.trials(url(), "queued")).hasSize(6);
        Cli.Result late = Cli.run(
                dir.getParent(),
                "enqueue",
                "--storage",
                url(),
                "--study",
                "queued",
                "-p",
                "lr=0.5",
                "-p",
                "layers=4",
                "-p",
                "opt=adam");
        assertThat(late.code()).as(late.err()).isZero();
        Cli.Result extra = Cli.run(dir, "run", "study.yaml", "--no-progress");
        assertThat(extra.code()).as(extra.err()).isZero();
        trials = Budgets.trials(url(), "queued");
        assertThat(trials).hasSize(7);
        assertThat(trials.get(6).params()).isEqualTo(Map.of("lr", 0.5, "layers", 4L, "opt", "adam"));
        Budgets.assertKept(url(), "queued", 7);
        assertThat(file).exists();
    }

    @Test
    void aCommandMayReadItsParametersFromParatuneParamsOnly() throws Exception {
        Cli.script(dir, "from-env.sh", """
                #!/bin/sh
                echo "paratune: value=$(echo "$PARATUNE_PARAMS" | sed 's/.*"x":\\([-0-9.eE]*\\).*/\\1/')"
                """);
        String study = """
                name: from-env
                search_space:
                  x: {type: float, low: 0, high: 1}
                command: ./from-env.sh
                trials: 3
                sampler: random
                """;
        Cli.write(dir, "study.yaml", study);
        Cli.Result refused = Cli.run(dir, "run", "study.yaml");
        assertThat(refused.code()).isEqualTo(2);
        assertThat(refused.err().strip())
                .endsWith("command: parameter 'x' is never used in the command; add {x} to it"
                        + " (e.g. --x {x}), remove 'x' from search_space, or set params_in_command: false if the command reads"
                        + " its parameters from PARATUNE_PARAMS");

        Cli.write(dir, "study.yaml", study + "params_in_command: false\n");
        Cli.Result ran = Cli.run(dir, "run", "study.yaml", "--no-progress");
        assertThat(ran.code()).as(ran.err()).isZero();
        List<FrozenTrial> trials = Budgets.trials("sqlite:" + dir.resolve("paratune.db"), "from-env");
        assertThat(trials).hasSize(3).allSatisfy(t -> {
            assertThat(t.state()).isEqualTo(TrialState.COMPLETE);
            assertThat(t.value()).isEqualTo((double) t.params().get("x"));
        });
    }
}
