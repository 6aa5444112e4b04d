package dev.augur.random;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Independent random streams per (seed, module, latent, purpose), so results do not depend on
 * batch boundaries, thread count or the order latents are processed in.
 */
public final class Seeds {
    private Seeds() {
    }

    public static SplittableRandom rng(long seed, String module, int latent, String purpose) {
        long h = mix(seed ^ 0x5DEECE66DL);
        h = mix(h ^ fnv(module));
        h = mix(h ^ latent);
        h = mix(h ^ fnv(purpose));
        return new SplittableRandom(h);
    }

    private static long fnv(String s) {
        long h = 0xcbf29ce484222325L;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ (b & 0xFF)) * 0x100000001b3L;
        }
        return h;
    }

    /** SplitMix64's finalizer: a bijective, well-spread 64-bit mix. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** k distinct indices of [0, n) drawn uniformly without replacement, in draw order. */
    public static int[] sampleWithoutReplacement(SplittableRandom rng, int n, int k) {
        if (k > n) {
            throw new IllegalArgumentException(k + " > " + n);
        }
        if (k * 4L < n) { // sparse: rejection with a small set
            java.util.HashSet<Integer> seen = new java.util.HashSet<>();
            int[] out = new int[k];
            int i = 0;
            while (i < k) {
                int v = rng.nextInt(n);
                if (seen.add(v)) {
                    out[i++] = v;
                }
            }
            return out;
        }
        int[] pool = new int[n];
        for (int i = 0; i < n; i++) {
            pool[i] = i;
        }
        for (int i = 0; i < k; i++) { // partial Fisher-Yates
            int j = i + rng.nextInt(n - i);
            int t = pool[i];
            pool[i] = pool[j];
            pool[j] = t;
        }
        return java.util.Arrays.copyOf(pool, k);
    }
}
