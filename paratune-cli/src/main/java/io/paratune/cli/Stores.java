package io.paratune.cli;

import io.paratune.ParatuneException;
import io.paratune.Study;
import io.paratune.StudyNotFoundException;
import io.paratune.storage.StudyInfo;
import io.paratune.storage.jdbc.JdbcStorage;
import java.util.ArrayList;
import java.util.List;

/** Opens storages and studies for the commands, turning failures into one-line user errors. */
final class Stores {
    /** Study attribute: the text of the study file the study was last run with. */
    static final String STUDY_FILE = "cli.study_file";
    /** Study attribute: the absolute path of that study file (relative paths in it start at its folder). */
    static final String STUDY_PATH = "cli.study_path";

    private Stores() {}

    static JdbcStorage open(String url) {
        try {
            return JdbcStorage.open(url);
        } catch (IllegalArgumentException | ParatuneException | IllegalStateException e) {
            String m = String.valueOf(e.getMessage());
            throw new UserError(m.startsWith("cannot open storage") ? m : "cannot open storage " + url + ": " + m);
        }
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
                    + Suggest.didYouMean(name, names) + (names.isEmpty() ? " (it has no studies)"
                    : " (studies: " + String.join(", ", names) + ")"));
        }
    }
}
