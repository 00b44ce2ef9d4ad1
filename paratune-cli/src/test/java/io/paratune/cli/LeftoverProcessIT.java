package io.paratune.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A process the objective command leaves running when it exits does not outlive its trial. */
class LeftoverProcessIT {
    @TempDir
    Path dir;

    @Test
    void aBackgroundProcessLeftByACompletedTrialIsStopped() throws Exception {
        Cli.script(dir, "objective.sh", """
                #!/bin/sh
                sleep 300 &
                echo $! > leftover.pid
                sleep 2 # several of the runner's looks at the command's descendants, even under load
                echo "paratune: value=2"
                """);
        Cli.write(dir, "study.yaml", """
                name: leftover
                search_space:
                  x: {type: float, low: 0, high: 1}
                command: ./objective.sh {x}
                trials: 1
                kill_grace: 1s
                """);
        Cli.Result run = Cli.run(dir, "run", "study.yaml");
        long pid = Long.parseLong(Files.readString(dir.resolve("leftover.pid")).trim());
        Optional<ProcessHandle> leftover = ProcessHandle.of(pid);
        try {
            assertThat(run.code()).as(run.err()).isZero();
            assertThat(run.out()).contains("value 2.00000");
            if (leftover.isPresent()) {
                // stopped by the time the run returned, or within the kill grace period after it
                leftover.get().onExit().get(10, TimeUnit.SECONDS);
                assertThat(leftover.get().isAlive()).isFalse();
            }
        } finally {
            leftover.ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void aProcessThatLeftTheTreeAtOnceIsFoundByItsEnvironmentAndStopped() throws Exception {
        // the subshell exits at once, so the sleep is never a descendant the runner sees; it holds the
        // command's output open, and the runner is waiting for output when the command exits
        Cli.script(dir, "objective.sh", """
                #!/bin/sh
                (sleep 300 & echo $! > leftover.pid)
                echo "paratune: value=2"
                sleep 0.5
                """);
        Cli.write(dir, "study.yaml", """
                name: escaped
                search_space:
                  x: {type: float, low: 0, high: 1}
                command: ./objective.sh {x}
                trials: 1
                """);
        Cli.Result run = Cli.run(dir, "run", "study.yaml");
        long pid = Long.parseLong(Files.readString(dir.resolve("leftover.pid")).trim());
        Optional<ProcessHandle> leftover = ProcessHandle.of(pid);
        try {
            assertThat(run.code()).as(run.err()).isZero();
            assertThat(run.out()).contains("value 2.00000");
            if (leftover.isPresent()) {
                leftover.get().onExit().get(10, TimeUnit.SECONDS);
                assertThat(leftover.get().isAlive()).isFalse();
            }
        } finally {
            leftover.ifPresent(ProcessHandle::destroyForcibly);
        }
    }
}
