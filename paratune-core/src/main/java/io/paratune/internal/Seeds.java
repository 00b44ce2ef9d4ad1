package io.paratune.internal;

/**
 * The one 64-bit mixer every sampler derives its random streams with: the finaliser of SplitMix64
 * (Steele, Lea and Flood, "Fast splittable pseudorandom number generators", OOPSLA 2014; the
 * constants of Stafford's variant 13). A bijection of {@code long}s whose output bits each depend
 * on every input bit, so nearby seeds and trial numbers give unrelated streams.
 */
public final class Seeds {
    private Seeds() {}

    /** Mixes the bits of {@code z}. */
    public static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
