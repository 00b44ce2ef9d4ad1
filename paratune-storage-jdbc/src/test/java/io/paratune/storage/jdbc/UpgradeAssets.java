package io.paratune.storage.jdbc;

import io.paratune.Direction;
import io.paratune.FrozenTrial;
import io.paratune.TrialState;
import io.paratune.space.CategoricalDistribution;
import io.paratune.space.FloatDistribution;
import io.paratune.space.IntDistribution;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Writes the SQLite file of one schema version that {@link MigrationsTest} opens with the current
 * code. Run it once per new schema version, with the code of that version, and commit the file:
 *
 * <pre>java -cp ... io.paratune.storage.jdbc.UpgradeAssets src/test/resources/io/paratune/storage/jdbc/upgrade</pre>
 */
final class UpgradeAssets {
    static final Instant T0 = Instant.parse("2025-01-02T03:04:05.123456789Z");

    private UpgradeAssets() {}

    static String fileName(int version) {
        return "schema-v" + version + ".db";
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]).resolve(fileName(Migrations.LATEST));
        Files.deleteIfExists(file);
        try (JdbcStorage s = JdbcStorage.open("sqlite:" + file)) {
            long study =
                    s.createStudy("upgrade", List.of(Direction.MINIMIZE), T0).id();
            s.setStudyAttribute(study, "search_space", Map.of("x", List.of(-1.0, 1.0)));
            FrozenTrial done = s.createTrial(study, TrialState.RUNNING, Map.of(), T0);
            s.setParam(done.id(), "x", 0.5, FloatDistribution.of("x", -1, 1));
            s.setParam(done.id(), "n", 3, IntDistribution.of("n", 1, 5));
            s.setParam(done.id(), "opt", 1, CategoricalDistribution.of("opt", List.of("sgd", "adam")));
            s.setIntermediateValue(done.id(), 0, 0.9);
            s.setUserAttribute(done.id(), "host", "node-1");
            s.finishTrial(done.id(), TrialState.COMPLETE, new double[] {0.25}, null, T0.plusSeconds(1));
            FrozenTrial failed = s.createTrial(study, TrialState.RUNNING, Map.of(), T0);
            s.finishTrial(failed.id(), TrialState.FAIL, null, "boom", T0.plusSeconds(2));
            s.createTrial(study, TrialState.RUNNING, Map.of(), T0);
            s.createTrial(study, TrialState.WAITING, Map.of("fixed_params", Map.of("x", 0.0)), T0);
            s.nextSequenceValue(study, "grid");
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement st = c.createStatement()) {
            st.execute("PRAGMA journal_mode = DELETE");
            st.execute("VACUUM");
        }
        System.out.println("wrote " + file);
    }
}
