package dev.augur.construct.cuda;

import dev.augur.cache.LatentActivations;

/**
 * A sub-batch's activations as the kernels read them: latent i's sorted activations are
 * {@code flat/values[base + offsets[i] .. base + offsets[i + 1])}. Values are copied bit for
 * bit. When the latents lie back to back in the split's shared arrays (the usual case: a
 * split's latents are grouped in order and delphi's caches are sorted), those arrays are used
 * as they are and nothing is copied.
 */
public record PackedLatents(int[] offsets, int[] flat, float[] values, int base) {
    public int latents() {
        return offsets.length - 1;
    }

    public int activations() {
        return offsets[offsets.length - 1];
    }

    /** Packs {@code acts[from .. to)}, each sorted by position. */
    public static PackedLatents pack(LatentActivations[] acts, int from, int to) {
        int[] offsets = new int[to - from + 1];
        boolean contiguous = true;
        for (int i = from; i < to; i++) {
            offsets[i - from + 1] = Math.addExact(offsets[i - from], acts[i].size());
            contiguous &= i == from || (acts[i].flat() == acts[from].flat()
                && acts[i].values() == acts[from].values() && acts[i].from() == acts[i - 1].to());
        }
        if (contiguous) {
            return new PackedLatents(offsets, acts[from].flat(), acts[from].values(), acts[from].from());
        }
        int n = offsets[to - from];
        int[] flat = new int[n];
        float[] values = new float[n];
        for (int i = from; i < to; i++) {
            LatentActivations a = acts[i];
            System.arraycopy(a.flat(), a.from(), flat, offsets[i - from], a.size());
            System.arraycopy(a.values(), a.from(), values, offsets[i - from], a.size());
        }
        return new PackedLatents(offsets, flat, values, 0);
    }
}
