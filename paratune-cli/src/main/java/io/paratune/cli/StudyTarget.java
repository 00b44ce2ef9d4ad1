package io.paratune.cli;

import io.paratune.Study;
import io.paratune.storage.jdbc.JdbcStorage;
import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The study that {@code create}, {@code ask}, {@code tell} and {@code enqueue} work on: a study
 * file, or {@code --storage} and {@code --study} for a study started elsewhere, whose study file
 * is read from the storage (as {@code paratune worker} does).
 */
final class StudyTarget {
    @Parameters(
            index = "0",
            arity = "0..1",
            paramLabel = "STUDY.yaml",
            description = "The study file; its storage and name are used.")
    Path file;

    @Option(
            names = "--storage",
            paramLabel = "URL",
            description = "The study's storage (sqlite:path.db,"
                    + " postgresql://user:pw@host/db): with --study for a study started elsewhere, or to override the"
                    + " study file's.")
    String storage;

    @Option(
            names = "--study",
            paramLabel = "NAME",
            description = "The study's name, with --storage, instead of a"
                    + " study file: the study file stored with the study is used.")
    String study;

    /**
     * The study file's settings and the storage URL.
     *
     * @param stored whether the settings were read from the storage (no study file given)
     */
    record Resolved(StudyConfig config, String storageUrl, boolean stored) {}

    /** Reads the study file, or the study file stored with the study. */
    Resolved resolve() {
        check();
        if (file != null) {
            StudyConfig config = StudyConfig.load(file);
            return new Resolved(config, storage != null ? storage : config.storage(), false);
        }
        try (JdbcStorage s = Stores.open(storage)) {
            return new Resolved(storedConfig(s, study), storage, true);
        }
    }

    /** The storage URL, reading only as much as it takes. */
    String storageUrl() {
        check();
        return storage != null ? storage : StudyConfig.load(file).storage();
    }

    /** The study name, reading only as much as it takes. */
    String studyName() {
        check();
        return study != null ? study : StudyConfig.load(file).name();
    }

    private void check() {
        if (file != null && study != null) {
            throw new UserError("give a study file, or --storage URL with --study NAME, not both");
        }
        if (file == null && (storage == null || study == null)) {
            throw new UserError("no study given; pass a study file (STUDY.yaml), or --storage URL and --study NAME"
                    + " for a study started elsewhere");
        }
    }

    /** The settings of the study file kept with a study by the command that started it. */
    static StudyConfig storedConfig(JdbcStorage storage, String name) {
        Study st = Stores.load(storage, name);
        Object text = st.attributes().get(Stores.STUDY_FILE);
        Object path = st.attributes().get(Stores.STUDY_PATH);
        if (!(text instanceof String t) || !(path instanceof String p)) {
            throw new UserError("study '" + name + "' in " + storage.url() + " has no stored study file (it was not"
                    + " started by paratune run or create); give its study file instead");
        }
        return StudyConfig.parse(t, Path.of(p));
    }
}
