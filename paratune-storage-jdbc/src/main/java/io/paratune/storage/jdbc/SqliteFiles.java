package io.paratune.storage.jdbc;

import io.paratune.StorageException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Checks of a SQLite file's folder before SQLite opens it, for clear messages. */
final class SqliteFiles {
    private SqliteFiles() {}

    static void checkFolder(StorageUrl url) {
        Path file = url.sqliteFile();
        if (Files.isDirectory(file)) {
            throw new StorageException("cannot open storage " + url + ": " + file + " is a folder; give a file"
                    + " path such as " + file.resolve("study.db"));
        }
        Path folder = file.getParent();
        if (folder == null) {
            return;
        }
        if (!Files.exists(folder)) {
            throw new StorageException("cannot open storage " + url + ": the folder " + folder + " does not exist;"
                    + " create it (mkdir -p " + folder + ") or choose another path");
        }
        if (!Files.isDirectory(folder)) {
            throw new StorageException("cannot open storage " + url + ": " + folder + " is a file, not a folder;"
                    + " choose another path");
        }
        if (!Files.exists(file) && !Files.isWritable(folder)) {
            throw new StorageException("cannot open storage " + url + ": the folder " + folder + " is read-only,"
                    + " so the database file cannot be created; make it writable or choose another path");
        }
    }
}
