package io.paratune.sampler.cmaes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RestartScheduleTest {

    private static List<RestartSchedule.Run> runs(RestartSchedule schedule, int count) {
        SplittableRandom rng = new SplittableRandom(7);
        List<RestartSchedule.Run> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(schedule.next(100L * (i + 1), rng, 0.3));
        }
        return out;
    }

    @Test
    void beginningAgainReplaysTheSameRunsForIpopAndBipop() {
        for (CmaEsSampler.Restart strategy : List.of(CmaEsSampler.Restart.IPOP, CmaEsSampler.Restart.BIPOP)) {
            RestartSchedule fresh = new RestartSchedule(strategy, 2);
            fresh.begin(10, 10);
            List<RestartSchedule.Run> first = runs(fresh, 6);

            RestartSchedule replayed = new RestartSchedule(strategy, 2);
            replayed.begin(10, 10);
            runs(replayed, 4); // what a process had done before it replays the study from the start
            replayed.begin(10, 10);
            assertThat(runs(replayed, 6)).as("%s", strategy).isEqualTo(first);
        }
    }

    @Test
    void ipopDoublesThePopulationAtEachRestart() {
        RestartSchedule ipop = new RestartSchedule(CmaEsSampler.Restart.IPOP, 2);
        ipop.begin(10, 10);
        assertThat(runs(ipop, 3)).extracting(RestartSchedule.Run::lambda).containsExactly(20, 40, 80);
    }
}
