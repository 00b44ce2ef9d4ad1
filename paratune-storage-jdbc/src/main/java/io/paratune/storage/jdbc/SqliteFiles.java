package io.paratune.storage.jdbc;

import io.paratune.StorageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;

/** Checks of a SQLite file and its folder before SQLite opens it, for clear messages. */
final class SqliteFiles {
    /** How a database file looked: its size and last change. */
    record Snapshot(long size, FileTime modified) {}

    private SqliteFiles() {}

    /**
     * The file's snapshot when no process is writing it (it has no write-ahead log or rollback
     * journal beside it), else null.
     */
    static Snapshot quiet(Path file) {
        if (Files.exists(sibling(file, "-wal")) || Files.exists(sibling(file, "-journal"))) {
            return null;
        }
        return snapshot(file);
    }

    /** Whether the file is still quiet and unchanged since {@code before}. */
    static boolean unchanged(Path file, Snapshot before) {
        return before.equals(quiet(file));
    }

    private static Snapshot snapshot(Path file) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return new Snapshot(a.size(), a.lastModifiedTime());
        } catch (IOException e) {
            return null;
        }
    }

    private static Path sibling(Path file, String suffix) {
        return file.resolveSibling(file.getFileName() + suffix);
    }

    /** Checks, for reading only, that the file is there and is a file; false when it does not exist. */
    static boolean checkExisting(StorageUrl url) {
        Path file = url.sqliteFile();
        if (Files.isDirectory(file)) {
            throw new StorageException("cannot open storage " + url + ": " + file + " is a folder; give the path of"
                    + " the database file, such as " + file.resolve("paratune.db"));
        }
        return Files.exists(file);
    }

    /**
     * Checks that the file can be written, or created: {@link #checkFolder}, and an existing file
     * and its folder must be writable.
     */
    static void checkWritable(StorageUrl url) {
        checkFolder(url);
        Path file = url.sqliteFile();
        if (Files.exists(file) && !Files.isWritable(file)) {
            throw new StorageException("cannot open storage " + url + ": the file " + file + " is read-only;"
                    + " make it writable (chmod u+w " + file + ") or choose another path");
        }
        Path folder = file.getParent();
        if (folder != null && !Files.isWritable(folder)) {
            throw new StorageException("cannot open storage " + url + ": the folder " + folder + " is read-only,"
                    + " and SQLite writes its -wal and -shm files beside the database; make it writable or choose"
                    + " another path");
        }
    }

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
