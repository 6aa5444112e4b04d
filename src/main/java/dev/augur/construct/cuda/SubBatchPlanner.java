package dev.augur.construct.cuda;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a batch into consecutive sub-batches whose device buffers fit the free memory, so a
 * split larger than the card still goes through, a sub-batch at a time.
 */
public final class SubBatchPlanner {
    /**
     * Device bytes one activation can take at most: flat position and value (8), five window
     * arrays at activation capacity (20), sort keys padded to a power of two (16), ranked
     * window, range, maximum and slot (20) and the centered cut (12).
     */
    public static final long BYTES_PER_ACTIVATION = 76;
    /** Offsets, window count, output and key offsets of each latent. */
    public static final long BYTES_PER_LATENT = 16;
    /** Left free for the context, the module and fragmentation. */
    public static final long RESERVED_BYTES = 64L << 20;
    /** Sort keys are indexed by int: a sub-batch stays far below 2^31 of them. */
    public static final long MAX_ACTIVATIONS = 1L << 28;

    private SubBatchPlanner() {
    }

    /** Device bytes a sub-batch of these many latents and activations needs at most. */
    public static long bytesFor(int latents, long activations) {
        return activations * BYTES_PER_ACTIVATION + (latents + 1L) * BYTES_PER_LATENT;
    }

    /** What may be planned on a device with {@code freeBytes} free: 80% less a reserve. */
    public static long budget(long freeBytes) {
        return Math.max(0, freeBytes / 5 * 4 - RESERVED_BYTES);
    }

    /**
     * Ranges {@code [from, to)} of the batch's latents, in order, each within {@code budget}
     * bytes; a latent too large on its own gets a range of its own (its allocation may then
     * fail, and the caller falls back).
     */
    public static List<int[]> plan(int[] activationCounts, long budget) {
        List<int[]> out = new ArrayList<>();
        int from = 0;
        long acts = 0;
        for (int i = 0; i < activationCounts.length; i++) {
            long more = acts + activationCounts[i];
            boolean fits = bytesFor(i - from + 1, more) <= budget && more <= MAX_ACTIVATIONS;
            if (!fits && i > from) {
                out.add(new int[] {from, i});
                from = i;
                more = activationCounts[i];
            }
            acts = more;
        }
        if (from < activationCounts.length) {
            out.add(new int[] {from, activationCounts.length});
        }
        return out;
    }
}
