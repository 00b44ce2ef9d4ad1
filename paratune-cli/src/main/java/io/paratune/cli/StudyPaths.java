package io.paratune.cli;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Resolves the places a study file names (storage URL, workdir, log folder, the command's program)
 * against the study file's folder and checks that they exist.
 */
final class StudyPaths {
    static final String DEFAULT_DB = "paratune.db";
    private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9_.-]{0,63}");

    private StudyPaths() {}

    /**
     * The storage URL: a SQLite file in the study file's folder when none is given, and a relative
     * SQLite path resolved against that folder.
     */
    static String storageUrl(String url, Path dir) {
        if (url == null) {
            return "sqlite:" + dir.resolve(DEFAULT_DB);
        }
        String lower = url.toLowerCase(Locale.ROOT);
        for (String prefix : List.of("sqlite:", "jdbc:sqlite:")) {
            if (lower.startsWith(prefix)) {
                String path = url.substring(prefix.length());
                if (!path.isEmpty() && !path.startsWith(":") && !Path.of(path).isAbsolute()) {
                    return prefix + dir.resolve(path).normalize();
                }
            }
        }
        return url;
    }

    /** Reads {@code workdir:} (the study file's folder by default), which must be a directory. */
    static Path workdir(Fields f, Path dir, String label) {
        Path workdir = dir.resolve(f.string("workdir", ".")).normalize();
        if (!Files.isDirectory(workdir)) {
            String problem = "directory " + workdir + " does not exist; create it or fix the path (relative paths"
                    + " start at the study file's folder)";
            Yaml.Value at = f.get("workdir");
            throw at != null ? at.error(problem) : new UserError(label + ": workdir: " + problem);
        }
        return workdir;
    }

    /**
     * The name of a study's log folder (under {@code paratune-logs/}), one per study name. A name
     * of at most 64 letters, digits, {@code _}, {@code .} and {@code -} (not starting with a dot)
     * is its own folder name, as it always was. Any other name gets a readable ASCII slug of it (accents
     * dropped, every run of other characters one {@code _}, at most 40 characters; {@code study}
     * when nothing is left) and {@code -} and 8 hex digits of the SHA-256 of the exact name, so two
     * such names never share a folder: {@code 实验一} logs to {@code study-2dac6e5b}, {@code 实验二}
     * to {@code study-6ad7af0b}, {@code café run} to {@code cafe_run-639bb1f9}.
     */
    static String logFolder(String name) {
        if (PLAIN_NAME.matcher(name).matches()) {
            return name;
        }
        String ascii = Normalizer.normalize(name, Normalizer.Form.NFKD).replaceAll("\\p{M}+", "");
        String slug = ascii.replaceAll("[^A-Za-z0-9_.-]+", "_").replaceAll("^[._]+", "");
        if (slug.length() > 40) {
            slug = slug.substring(0, 40);
        }
        if (!slug.matches(".*[A-Za-z0-9].*")) {
            slug = "study";
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
            return slug + "-" + HexFormat.of().formatHex(hash, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }

    /**
     * Checks that the command's program exists: a path (with a {@code /}) relative to the workdir
     * must be an executable file, a bare name must be found on the {@code PATH} the trial gets.
     */
    static void checkProgram(Yaml.Value where, String program, Path workdir, Map<String, String> env) {
        if (program.contains("/")) {
            Path p = workdir.resolve(program);
            if (!Files.isRegularFile(p)) {
                throw where.error("program " + program + " does not exist (looked for " + p + "); fix the path"
                        + " (relative to workdir " + workdir + ")");
            }
            if (!Files.isExecutable(p)) {
                throw where.error("program " + program + " is not executable; run chmod +x " + p
                        + ", or start it with its interpreter (e.g. sh " + program + ")");
            }
            return;
        }
        String path = env.getOrDefault("PATH", System.getenv().getOrDefault("PATH", ""));
        for (String d : path.split(File.pathSeparator)) {
            if (!d.isEmpty()
                    && Files.isExecutable(Path.of(d).resolve(program))
                    && Files.isRegularFile(Path.of(d).resolve(program))) {
                return;
            }
        }
        throw where.error("program '" + program + "' was not found on PATH; install it, fix its name, or give its"
                + " path (e.g. ./" + program + ")");
    }
}
