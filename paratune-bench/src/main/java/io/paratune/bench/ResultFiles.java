package io.paratune.bench;

import java.io.IOException;
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
        return Files.newBufferedWriter(path, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }
}
