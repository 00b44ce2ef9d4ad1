package io.paratune.internal;

import java.util.SplittableRandom;

/**
 * The one place random streams are derived from a user's seed: every sampler asks {@link
 * #stream(long, long, Purpose)} for the stream of one trial (or generation, restart, model fit) and
 * one purpose, so that a seed reproduces the same draws wherever a trial runs, and different
 * purposes, trials and seeds get unrelated streams.
 *
 * <p>The mixer is the finaliser of SplitMix64 (Steele, Lea and Flood, "Fast splittable
 * pseudorandom number generators", OOPSLA 2014; the constants of Stafford's variant 13): a
 * bijection of {@code long}s whose output bits each depend on every input bit. A derivation mixes
 * the seed with the purpose's 64-bit hash, then with the index: {@code mix(mix(seed ^ purpose) +
 * golden * (index + 1))}.
 */
public final class Seeds {
    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private Seeds() {}

    /**
     * What a derived stream is for. Each purpose has a stable name (changing it changes every
     * trajectory of its sampler), from which its hash is computed.
     */
    public enum Purpose {
        /** {@code RandomSampler}: one parameter of one trial (keyed by the parameter's name). */
        RANDOM_PARAMETER("stream.sampler.random:parameter"),
        /** TPE: one trial's proposal (keyed by the parameter's name, or the joint proposal's key). */
        TPE_PROPOSAL("stream.sampler.tpe:proposal"),
        /** CMA-ES: the start of one restart (index: the restart). */
        CMAES_RESTART("stream.sampler.cmaes:restart"),
        /** CMA-ES: one generation of a restart (index: the generation). */
        CMAES_GENERATION("stream.sampler.cmaes:generation"),
        /** CMA-ES: one member of a generation (index: the member). */
        CMAES_MEMBER("stream.sampler.cmaes:member"),
        /** NSGA-II/III: one trial's parents, crossover and mutation. */
        NSGA_OFFSPRING("stream.sampler.nsga:offspring"),
        /** NSGA-II/III: the survival ties of one generation (index: the generation). */
        NSGA_SURVIVAL("stream.sampler.nsga:survival"),
        /** GP: one trial's proposal (random starts of the acquisition search, random fall-backs). */
        GP_PROPOSAL("stream.sampler.gp:proposal"),
        /** GP: the random weights of one trial's Chebyshev scalarisation. */
        GP_WEIGHTS("stream.sampler.gp:weights"),
        /** GP: the restarts of one global model fit (index: the number of observations). */
        GP_FIT("stream.sampler.gp:fit"),
        /** GP: the restarts of one trust-region model fit (index: the number of observations). */
        GP_LOCAL_FIT("stream.sampler.gp:local-fit"),
        /** An acquisition search: its random starts and candidates (index 0, under a trial's seed). */
        ACQUISITION_SEARCH("stream.bo:acquisition-search"),
        /** Auto: the seed of the TPE sampler it switches to (index 0). */
        AUTO_TPE("stream.sampler.auto:tpe"),
        /** A quasi-random sequence: the scramble of one coordinate (index: the coordinate). */
        QMC_SCRAMBLE("stream.qmc:scramble"),
        /** A study: parameters sampled uniformly where its sampler failed (index: the study's id). */
        STUDY_FALLBACK("stream.study:fallback"),
        /** The CLI: the sampler seed of one worker or re-run (index: its salt). */
        CLI_WORKER("stream.cli:worker");

        private final long hash;

        Purpose(String name) {
            this.hash = hash(name);
        }
    }

    /** The random stream of one trial (or other {@code index}) and one purpose under {@code seed}. */
    public static SplittableRandom stream(long seed, long index, Purpose purpose) {
        return new SplittableRandom(derive(seed, index, purpose));
    }

    /** As {@link #stream(long, long, Purpose)}, one stream per {@code key} (a parameter's name). */
    public static SplittableRandom stream(long seed, long index, Purpose purpose, String key) {
        return new SplittableRandom(derive(seed, index, purpose, key));
    }

    /** The seed of {@link #stream(long, long, Purpose)}, for code that seeds a stream itself. */
    public static long derive(long seed, long index, Purpose purpose) {
        return mix64(mix64(seed ^ purpose.hash) + GOLDEN_GAMMA * (index + 1));
    }

    /** The seed of {@link #stream(long, long, Purpose, String)}; allocates nothing. */
    public static long derive(long seed, long index, Purpose purpose, String key) {
        return mix64(mix64(seed ^ purpose.hash ^ hash(key)) + GOLDEN_GAMMA * (index + 1));
    }

    /** A number in [0, 1) from the 53 high bits of {@code bits}. */
    public static double unit(long bits) {
        return (bits >>> 11) * 0x1.0p-53;
    }

    /** Mixes the bits of {@code z}. */
    public static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** A 64-bit hash of a string: FNV-1a over its chars, mixed. */
    static long hash(String s) {
        long h = 0xCBF29CE484222325L;
        for (int i = 0; i < s.length(); i++) {
            h = (h ^ s.charAt(i)) * 0x100000001B3L;
        }
        return mix64(h);
    }
}
