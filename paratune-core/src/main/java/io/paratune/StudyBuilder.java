package io.paratune;

import static io.paratune.internal.Checks.requireUnset;

import io.paratune.pruner.Pruner;
import io.paratune.pruner.Pruners;
import io.paratune.sampler.AutoSampler;
import io.paratune.sampler.Sampler;
import io.paratune.storage.HeartbeatStorage;
import io.paratune.storage.Storage;
import io.paratune.storage.StudyInfo;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Creates or loads a {@link Study}. Defaults: the in-memory storage, one MINIMIZE direction, a
 * {@link AutoSampler} and no pruning. Setting an option twice is an error.
 */
public final class StudyBuilder {
    private String name;
    private Storage storage;
    private List<Direction> directions;
    private Sampler sampler;
    private Pruner pruner;
    private Clock clock;
    private Duration heartbeatInterval;
    private Duration heartbeatGrace;
    private Integer maxRetries;

    StudyBuilder() {}

    /** The study's unique name in its storage. */
    public StudyBuilder name(String name) {
        requireUnset(this.name, "name");
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("study name '" + name + "' is empty; give a non-blank name");
        }
        this.name = name;
        return this;
    }

    public StudyBuilder storage(Storage storage) {
        requireUnset(this.storage, "storage");
        this.storage = Objects.requireNonNull(storage, "storage");
        return this;
    }

    /** One direction per objective value; for a new study only (a loaded study keeps its own). */
    public StudyBuilder directions(Direction... directions) {
        requireUnset(this.directions, "directions");
        if (directions.length == 0) {
            throw new IllegalArgumentException("directions are empty; give at least one");
        }
        this.directions = List.of(directions);
        return this;
    }

    /** Shorthand for one direction. */
    public StudyBuilder direction(Direction direction) {
        return directions(direction);
    }

    /**
     * The sampler that proposes each trial's parameters. Default: {@link AutoSampler#create()},
     * which chooses the GP, or TPE for four or more objectives or when the GP's proposals cost more
     * than the trials (as a study file without {@code sampler:} does); seed it with {@code
     * sampler(AutoSampler.seeded(seed))} for reproducible runs.
     */
    public StudyBuilder sampler(Sampler sampler) {
        requireUnset(this.sampler, "sampler");
        this.sampler = Objects.requireNonNull(sampler, "sampler");
        return this;
    }

    public StudyBuilder pruner(Pruner pruner) {
        requireUnset(this.pruner, "pruner");
        this.pruner = Objects.requireNonNull(pruner, "pruner");
        return this;
    }

    /** The clock for trial start and end times and timeouts (tests inject a manual clock). */
    public StudyBuilder clock(Clock clock) {
        requireUnset(this.clock, "clock");
        this.clock = Objects.requireNonNull(clock, "clock");
        return this;
    }

    /**
     * Watches RUNNING trials for workers that die: while this study object runs a trial it records
     * a heartbeat every {@code interval}, and before each ask it fails any trial of the study
     * without a heartbeat for {@code grace} (exactly once across workers). The grace period must be
     * at least twice the interval, as in a study file. Needs a storage that implements {@link
     * HeartbeatStorage}, such as the JDBC storage.
     */
    public StudyBuilder heartbeat(Duration interval, Duration grace) {
        requireUnset(this.heartbeatInterval, "heartbeat");
        this.heartbeatInterval = Objects.requireNonNull(interval, "heartbeat interval");
        this.heartbeatGrace = Objects.requireNonNull(grace, "heartbeat grace period");
        return this;
    }

    /**
     * Retries a trial failed for a missing heartbeat: a new WAITING trial with the same parameters,
     * whose system attributes {@code retry_of} (the failed trial's number) and {@code retry_count}
     * link it to the failed one; at most {@code maxRetries} retries per chain. Default 0. Needs
     * {@link #heartbeat}.
     */
    public StudyBuilder maxRetries(int maxRetries) {
        requireUnset(this.maxRetries, "maxRetries");
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries=" + maxRetries + " must be 0 or more");
        }
        this.maxRetries = maxRetries;
        return this;
    }

    /**
     * Creates a new study.
     *
     * @throws DuplicateStudyException if the storage has one of that name
     */
    public Study create() {
        Storage s = storageOrDefault();
        heartbeatPolicy(s); // check the options before creating anything
        StudyInfo info = s.createStudy(
                nameOrDefault(), directionsOrDefault(), clockOrDefault().instant());
        return build(s, info);
    }

    /**
     * Loads an existing study.
     *
     * @throws StudyNotFoundException if there is none of that name
     * @throws IllegalArgumentException if directions were set and differ from the stored ones
     */
    public Study load() {
        if (name == null) {
            throw new IllegalStateException("load needs a study name; call name(...)");
        }
        Storage s = storageOrDefault();
        StudyInfo info = s.findStudy(name).orElseThrow(() -> new StudyNotFoundException(name));
        return build(s, checkDirections(info));
    }

    /** Loads the study if it exists, else creates it. */
    public Study createOrLoad() {
        Storage s = storageOrDefault();
        heartbeatPolicy(s); // check the options before creating anything
        Optional<StudyInfo> found = name == null ? Optional.empty() : s.findStudy(name);
        if (found.isPresent()) {
            return build(s, checkDirections(found.get()));
        }
        try {
            return build(
                    s,
                    s.createStudy(
                            nameOrDefault(),
                            directionsOrDefault(),
                            clockOrDefault().instant()));
        } catch (DuplicateStudyException raced) {
            return build(s, checkDirections(s.findStudy(name).orElseThrow(() -> raced)));
        }
    }

    private StudyInfo checkDirections(StudyInfo info) {
        if (directions != null && !directions.equals(info.directions())) {
            throw new IllegalArgumentException("study '" + info.name() + "' has directions " + info.directions()
                    + ", not " + directions + "; drop directions(...) or use another study name");
        }
        return info;
    }

    private Study build(Storage s, StudyInfo info) {
        return new Study(
                s,
                info,
                sampler != null ? sampler : AutoSampler.create(),
                pruner != null ? pruner : Pruners.none(),
                clockOrDefault(),
                heartbeatPolicy(s));
    }

    private HeartbeatPolicy heartbeatPolicy(Storage s) {
        if (heartbeatInterval == null) {
            if (maxRetries != null) {
                throw new IllegalStateException("maxRetries(" + maxRetries + ") retries trials failed for a missing"
                        + " heartbeat; also set heartbeat(interval, grace)");
            }
            return null;
        }
        if (!(s instanceof HeartbeatStorage)) {
            throw new IllegalArgumentException("storage " + s + " does not record heartbeats; use a durable storage"
                    + " such as the JDBC storage, or drop heartbeat(...)");
        }
        return new HeartbeatPolicy(heartbeatInterval, heartbeatGrace, maxRetries == null ? 0 : maxRetries);
    }

    private Storage storageOrDefault() {
        if (storage == null) {
            storage = Storage.inMemory();
        }
        return storage;
    }

    private String nameOrDefault() {
        return name != null ? name : "study-" + java.util.UUID.randomUUID();
    }

    private List<Direction> directionsOrDefault() {
        return directions != null ? directions : List.of(Direction.MINIMIZE);
    }

    private Clock clockOrDefault() {
        if (clock == null) {
            clock = Clock.systemUTC();
        }
        return clock;
    }
}
