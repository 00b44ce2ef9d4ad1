package io.paratune.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Names a study on the command line: by its study file, or by {@code --storage} and {@code --study}. */
final class StudyRef {
    @Parameters(
            index = "0",
            arity = "0..1",
            paramLabel = "STUDY.yaml",
            description = "The study file; its storage and name are used.")
    Path file;

    @Option(
            names = "--storage",
            paramLabel = "URL",
            description = "Storage URL (sqlite:path.db, postgresql://user:pw@host/db); overrides the study file's.")
    String storage;

    @Option(names = "--study", paramLabel = "NAME", description = "Study name; overrides the study file's.")
    String study;

    /** The storage URL. */
    String storageUrl() {
        if (storage != null) {
            return storage;
        }
        if (file != null) {
            return StudyConfig.load(file).storage();
        }
        throw new UserError("no storage given; pass a study file (STUDY.yaml) or --storage URL, e.g. --storage"
                + " sqlite:paratune.db");
    }

    /** The study name. */
    String studyName() {
        if (study != null) {
            return study;
        }
        if (file != null) {
            return StudyConfig.load(file).name();
        }
        throw new UserError("no study given; pass a study file (STUDY.yaml) or --study NAME with --storage URL");
    }
}
