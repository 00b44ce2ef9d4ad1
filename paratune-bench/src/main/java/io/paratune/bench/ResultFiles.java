package io.paratune.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Where benchmark commands append their JSON result lines. */
final class ResultFiles {
    private ResultFiles() {}

    /** A writer appending to {@code file} (its folder created), or one that discards when null. */
    static Writer appendTo(String file) throws IOException {
        if (file == null) {
            return Writer.nullWriter();
        }
        Path path = Path.of(file);
        if (path.getParent() != null) {
            Files.createDirectories(path.getParent());
        }
        return Files.newBufferedWriter(
                path, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** Appends one line to {@code file} (its folder created); nothing when {@code file} is null. */
    static void appendLine(Path file, String line) {
        if (file == null) {
            return;
        }
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(
                    file, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to --out " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Where a command's result lines go: each is printed to {@code out} and appended to {@code
     * file} (none when null) as soon as it is made, so an interrupted run keeps what it measured.
     */
    static Sink sink(String file, PrintStream out) {
        try {
            return new Sink(file, appendTo(file), out);
        } catch (IOException e) {
            throw new UncheckedIOException("opening " + file + " failed: " + e.getMessage(), e);
        }
    }

    /** Prints and appends result lines; see {@link #sink}. */
    static final class Sink implements AutoCloseable {
        private final String file;
        private final Writer writer;
        private final PrintStream out;

        private Sink(String file, Writer writer, PrintStream out) {
            this.file = file;
            this.writer = writer;
            this.out = out;
        }

        /** Prints {@code line} and appends it to the file. */
        void emit(String line) {
            out.println(line);
            try {
                writer.write(line + "\n");
                writer.flush();
            } catch (IOException e) {
                throw new UncheckedIOException("writing " + file + " failed: " + e.getMessage(), e);
            }
        }

        @Override
        public void close() {
            try {
                writer.close();
            } catch (IOException e) {
                throw new UncheckedIOException("writing " + file + " failed: " + e.getMessage(), e);
            }
        }
    }
}
