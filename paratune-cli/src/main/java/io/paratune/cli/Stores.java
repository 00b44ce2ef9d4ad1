package io.paratune.cli;

import io.paratune.ParatuneException;
import io.paratune.Study;
import io.paratune.StudyNotFoundException;
import io.paratune.storage.StudyInfo;
import io.paratune.storage.jdbc.JdbcStorage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Opens storages and studies for the commands, turning failures into one-line user errors. The
 * commands that only read ({@code studies list|show}, {@code best}, {@code export}, {@code check})
 * open storages read-only: they create no file and no table, and read a read-only file.
 */
final class Stores {
    /** Study attribute: the text of the study file the study was last run with (passwords masked). */
    static final String STUDY_FILE = "cli.study_file";
    /** Study attribute: the absolute path of that study file (relative paths in it start at its folder). */
    static final String STUDY_PATH = "cli.study_path";

    private Stores() {}

    /** Opens a storage to write, creating the SQLite file or the tables if needed. */
    static JdbcStorage open(String url) {
        try {
            return JdbcStorage.open(url);
        } catch (IllegalArgumentException | ParatuneException | IllegalStateException e) {
            throw cannotOpen(url, e);
        }
    }

    /**
     * Opens a storage to read only.
     *
     * @throws UserError naming the storage and the fix when there is no database there yet
     */
    static JdbcStorage openReadOnly(String url) {
        return openReadOnlyIfExists(url)
                .orElseThrow(() -> new UserError("no Paratune database at "
                        + JdbcStorage.maskPassword(url)
                        + (url.toLowerCase(Locale.ROOT).contains("sqlite:")
                                ? " (no such file, or no Paratune tables in it)"
                                : " (no Paratune tables in it)")
                        + "; check the"
                        + " storage URL or study file, or run 'paratune run STUDY.yaml' first to create it"));
    }

    /** Opens a storage to read only; empty when there is no database there yet (no file, no tables). */
    static Optional<JdbcStorage> openReadOnlyIfExists(String url) {
        try {
            return JdbcStorage.openReadOnly(url);
        } catch (IllegalArgumentException | ParatuneException | IllegalStateException e) {
            throw cannotOpen(url, e);
        }
    }

    /** One line for a storage that cannot be opened, the password masked. */
    static UserError cannotOpen(String url, RuntimeException e) {
        String m = String.valueOf(e.getMessage());
        return new UserError(
                m.startsWith("cannot open storage")
                        ? m
                        : "cannot open storage " + JdbcStorage.maskPassword(url) + ": " + m);
    }

    /** Loads an existing study, naming the studies there when it is missing. */
    static Study load(JdbcStorage storage, String name) {
        try {
            return Study.builder().storage(storage).name(name).load();
        } catch (StudyNotFoundException e) {
            List<String> names = new ArrayList<>();
            for (StudyInfo s : storage.studies()) {
                names.add(s.name());
            }
            throw new UserError("storage " + storage.url() + " has no study '" + name + "'"
                    + Suggest.didYouMean(name, names)
                    + (names.isEmpty() ? " (it has no studies)" : " (studies: " + String.join(", ", names) + ")"));
        }
    }
}
