package dev.augur.neighbours;

import dev.augur.cache.CacheFormatException;
import dev.augur.cache.ModuleCache;
import dev.augur.cache.SafetensorsFile;
import dev.augur.cache.SplitFile;
import dev.augur.cache.Tensor;
import dev.augur.cache.TokenCorpus;

/**
 * Which latents are active at which token position, over every split of a module, held both
 * ways: latents by position and positions by latent (two counting sorts, O(N)). Built in two
 * streaming passes over the mapped {@code locations} tensors (count, then place), so the heap
 * holds only the result: 8 bytes per activation, 4 per token position, 4 per latent.
 */
final class ActivePairs {
    private static final int BLOCK = 1 << 15;
    /** Rows mapped at a time, so only one block's pages of a file count in RSS. */
    private static final int MAPPED_ROWS = 1 << 20;

    /** latentsAt[positionStart[p] .. positionStart[p + 1]) are the latents active at p. */
    final int[] positionStart;
    final int[] latentsAt;
    /** positionsOf[latentStart[l] .. latentStart[l + 1]) are the positions where l is active. */
    final int[] latentStart;
    final int[] positionsOf;

    private ActivePairs(int[] positionStart, int[] latentsAt, int[] latentStart, int[] positionsOf) {
        this.positionStart = positionStart;
        this.latentsAt = latentsAt;
        this.latentStart = latentStart;
        this.positionsOf = positionsOf;
    }

    int width() {
        return latentStart.length - 1;
    }

    /** c_ii: the positions where the latent is active. */
    int count(int latent) {
        return latentStart[latent + 1] - latentStart[latent];
    }

    static ActivePairs read(ModuleCache module) {
        TokenCorpus corpus = module.openCorpus(module.splits().get(0));
        int nSeq = corpus.nSeq();
        int seqLen = corpus.seqLen();
        corpus.tensor().close();
        long tokens = (long) nSeq * seqLen;
        if (tokens >= Integer.MAX_VALUE) {
            throw new CacheFormatException(module.dir(), tokens + " token positions exceed 2^31");
        }
        int[] positionStart = new int[(int) tokens + 1];
        int[] latentStart = new int[module.width() + 1];
        long n = 0;
        for (SplitFile split : module.splits()) { // pass 1: counts, one slot ahead
            n += visit(module, split, nSeq, seqLen, (pos, latent) -> {
                positionStart[pos + 1]++;
                latentStart[latent + 1]++;
            });
        }
        if (n > Integer.MAX_VALUE - 8) {
            throw new CacheFormatException(module.dir(), n + " activations exceed 2^31 in one module");
        }
        prefixSum(positionStart);
        prefixSum(latentStart);
        int[] latentsAt = new int[(int) n];
        int[] positionsOf = new int[(int) n];
        for (SplitFile split : module.splits()) { // pass 2: place; start[x + 1] serves as x's cursor
            visit(module, split, nSeq, seqLen, (pos, latent) -> {
                latentsAt[positionStart[pos + 1]++] = latent;
                positionsOf[latentStart[latent + 1]++] = pos;
            });
        }
        return new ActivePairs(positionStart, latentsAt, latentStart, positionsOf);
    }

    /**
     * Turns the counts (x's at start[x + 1]) into where x's run begins, still at start[x + 1]:
     * the place pass moves that to x's end, which is where x + 1 begins, so start ends right.
     */
    private static void prefixSum(int[] start) {
        int running = 0;
        for (int i = 1; i < start.length; i++) {
            int count = start[i];
            start[i] = running;
            running += count;
        }
    }

    private interface Row {
        void accept(int position, int latent);
    }

    /** Calls {@code row} for every location of the split (absolute latent index); returns the rows. */
    private static long visit(ModuleCache module, SplitFile split, int nSeq, int seqLen, Row row) {
        try (SafetensorsFile file = SafetensorsFile.open(split.path())) {
            SafetensorsFile.TensorInfo info = file.info("locations");
            if (info.shape().length != 2 || info.shape()[1] != 3 || info.dtype().isFloating()) {
                throw new CacheFormatException(file.path(), "tensor 'locations' must be an integer "
                    + "tensor [N, 3], found " + info.dtype() + java.util.Arrays.toString(info.shape()));
            }
            long n = info.shape()[0];
            long[] buf = new long[3 * BLOCK];
            for (long base = 0; base < n; base += MAPPED_ROWS) {
                int mapped = (int) Math.min(MAPPED_ROWS, n - base);
                try (Tensor loc = file.slice("locations", base * 3, mapped * 3L)) {
                    for (int r0 = 0; r0 < mapped; r0 += BLOCK) {
                        int rows = Math.min(BLOCK, mapped - r0);
                        loc.readLongs(r0 * 3L, buf, 0, rows * 3);
                        for (int r = 0; r < rows; r++) {
                            long seq = buf[3 * r];
                            long pos = buf[3 * r + 1];
                            long rel = buf[3 * r + 2];
                            if (seq < 0 || seq >= nSeq || pos < 0 || pos >= seqLen || rel < 0
                                || rel >= split.size()) {
                                throw new CacheFormatException(file.path(), "locations row "
                                    + (base + r0 + r) + " = [" + seq + ", " + pos + ", " + rel
                                    + "] is outside tokens [" + nSeq + ", " + seqLen
                                    + "] or the split's " + split.size() + " latents");
                            }
                            row.accept((int) (seq * seqLen + pos), (int) rel + split.start());
                        }
                    }
                }
            }
            return n;
        }
    }
}
