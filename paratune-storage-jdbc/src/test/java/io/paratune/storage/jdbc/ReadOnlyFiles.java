package io.paratune.storage.jdbc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Makes files and folders read-only for the test, also when the tests run as root, whom
 * permissions do not stop: then the file also gets the immutable attribute ({@code chattr +i}).
 * {@link #undo} restores them so the temporary folder can be deleted.
 */
final class ReadOnlyFiles {
    static final boolean ROOT = "root".equals(System.getProperty("user.name"));

    private final Deque<Path> made = new ArrayDeque<>();

    void make(Path p) {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
            perms.removeAll(Set.of(
                    PosixFilePermission.OWNER_WRITE,
                    PosixFilePermission.GROUP_WRITE,
                    PosixFilePermission.OTHERS_WRITE));
            Files.setPosixFilePermissions(p, perms);
            made.push(p);
            if (ROOT) {
                chattr("+i", p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void undo() {
        while (!made.isEmpty()) {
            Path p = made.pop();
            try {
                if (ROOT) {
                    chattr("-i", p);
                }
                Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
                perms.add(PosixFilePermission.OWNER_WRITE);
                Files.setPosixFilePermissions(p, perms);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static void chattr(String flag, Path p) throws IOException {
        try {
            Process process = new ProcessBuilder("chattr", flag, p.toString())
                    .redirectErrorStream(true)
                    .start();
            String out = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException("chattr " + flag + " " + p + " failed (the tests run as root, so a read-only"
                        + " file needs the immutable attribute): " + out.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
