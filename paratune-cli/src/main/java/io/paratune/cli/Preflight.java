package io.paratune.cli;

import io.paratune.Direction;
import io.paratune.StorageException;
import io.paratune.Study;
import io.paratune.Trial;
import io.paratune.sampler.RandomSampler;
import io.paratune.sampler.Sampler;
import io.paratune.storage.StudyInfo;
import io.paratune.storage.jdbc.JdbcStorage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every check {@code paratune run} and {@code paratune worker} make before they create anything,
 * shared with {@code paratune check} so that it says OK exactly when a run gets going: the storage
 * URL (and, for SQLite, that its file can be created or written), {@code cpus_per_trial} against
 * this machine's CPUs, that the log folder can be created and written, and the GPU slots. Nothing
 * is created, so a run that fails here leaves no database file and no log folder behind. The
 * checks of the study file itself are in {@link StudyConfig#parse}; those against a study already
 * in the storage are in {@link #checkStudy}.
 */
final class Preflight {
    /** The longest file name most file systems take, in bytes. */
    private static final int NAME_MAX = 255;

    /**
     * What the checks found.
     *
     * @param storage the storage URL as shown to users (password masked)
     * @param gpus the GPU slots of a run on this machine
     */
    record Result(String storage, GpuSlots gpus) {}

    private Preflight() {}

    /**
     * Runs every check a run makes before it opens the storage.
     *
     * @param storageUrl the storage the run uses (a worker's {@code --storage}, else the file's)
     * @param env the environment ({@code PARATUNE_NVIDIA_SMI} names the program listing the GPUs)
     * @throws UserError naming the problem and the fix
     */
    static Result check(StudyConfig config, String storageUrl, Map<String, String> env) {
        String storage;
        try {
            storage = JdbcStorage.checkUrl(storageUrl);
        } catch (IllegalArgumentException | StorageException e) {
            throw Stores.cannotOpen(storageUrl, e);
        }
        checkCpus(config, Runtime.getRuntime().availableProcessors());
        checkLogFolder(config);
        GpuSlots gpus = GpuSlots.of(config, env.getOrDefault(GpuSlots.NVIDIA_SMI_ENV, "nvidia-smi"));
        return new Result(storage, gpus);
    }

    /**
     * Checks the study file against the study of the same name already in the storage, if any.
     *
     * @param storage the storage as shown to users
     */
    static void checkStudy(StudyConfig config, String storage, Optional<StudyInfo> existing) {
        if (existing.isPresent() && !existing.get().directions().equals(config.directions())) {
            throw new UserError(config.file().getFileName() + ": study '" + config.name() + "' exists in "
                    + storage + " with directions " + existing.get().directions() + ", not "
                    + config.directions() + "; keep its directions or choose another name");
        }
    }

    static void checkCpus(StudyConfig config, int cpus) {
        if (config.cpusPerTrial() > 0 && Math.ceil(config.cpusPerTrial()) > cpus) {
            double c = config.cpusPerTrial();
            throw new UserError(config.file().getFileName() + ": cpus_per_trial="
                    + (c == Math.rint(c) ? Long.toString((long) c) : Double.toString(c))
                    + " but this machine has " + cpus + " CPUs; lower cpus_per_trial to at most " + cpus);
        }
    }

    /** The log folder exists and is writable, or it can be created: its nearest existing parent is a writable folder. */
    static void checkLogFolder(StudyConfig config) {
        Path folder = config.logDir();
        Path existing = folder;
        while (existing != null && !Files.exists(existing)) {
            if (existing.getFileName() != null
                    && existing.getFileName().toString().getBytes(StandardCharsets.UTF_8).length > NAME_MAX) {
                throw logFolderError(
                        config,
                        "its name " + existing.getFileName().toString().substring(0, 40) + "... is longer than "
                                + NAME_MAX + " bytes; set log_dir to a shorter path");
            }
            existing = existing.getParent();
        }
        if (existing == null) {
            throw logFolderError(config, "no part of the path exists; set log_dir to a folder that can be created");
        }
        if (!Files.isDirectory(existing)) {
            throw logFolderError(
                    config, existing + " is a file, not a folder; remove it or set log_dir to" + " another folder");
        }
        if (!Files.isWritable(existing)) {
            throw logFolderError(
                    config,
                    existing + " is not writable; make it writable (chmod u+w " + existing
                            + ") or set log_dir to a writable folder");
        }
    }

    private static UserError logFolderError(StudyConfig config, String problem) {
        return new UserError(config.file().getFileName() + ": log_dir: the trial logs cannot be written to "
                + config.logDir() + ": " + problem);
    }

    /**
     * The command of a first trial: the study's sampler (or, should it need a history, a random
     * one) proposes parameters in a study in memory, and the placeholders are filled with them.
     */
    static List<String> exampleCommand(StudyConfig config) {
        Map<String, Object> values;
        try {
            Sampler sampler = Components.sampler(
                    config.sampler(), config.params(), config.directions().size(), config.defaultSeed(), 0);
            values = sample(config, sampler);
        } catch (RuntimeException e) {
            values = sample(config, RandomSampler.seeded(config.defaultSeed()));
        }
        values.put("trial", 0);
        values.put("study", config.name());
        return config.command().render(values);
    }

    private static Map<String, Object> sample(StudyConfig config, Sampler sampler) {
        Study study = Study.builder()
                .name(config.name())
                .sampler(sampler)
                .directions(config.directions().toArray(new Direction[0]))
                .create();
        Trial trial = study.ask();
        Map<String, Object> chosen = new LinkedHashMap<>();
        for (ParamSpec p : config.params()) {
            if (p.active(chosen)) {
                chosen.put(p.name(), trial.suggest(p.distribution()));
            }
        }
        return chosen;
    }
}
