package dev.augur.neighbours;

import dev.augur.cache.CacheFormatException;
import dev.augur.cache.ModuleCache;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * Co-occurrence neighbours of every latent of a module (SPEC 2, delphi's {@code co-occurrence}):
 * c_ij = the token positions, over every split, where latents i and j are both active; value =
 * Jaccard c_ij / (c_ii + c_jj - c_ij); the top k per latent, itself left out, ties to the lower
 * index. Only latents that co-occur with i at least once are its neighbours, so a list may be
 * shorter than k (delphi's dense top-k pads it with value-0 latents of no meaning); a dead
 * latent's list is empty.
 *
 * <p>Never width x width: the active pairs are held by position and by latent
 * ({@link ActivePairs}); each latent's counts are gathered in a per-thread dense counter by
 * walking its positions, then reset. Peak heap: 8 bytes per activation + 4 bytes per token
 * position + 8 bytes per latent x (threads + 2) + the table's width x k x 8 bytes. Time: the sum
 * over positions of (latents active there)^2.
 */
public final class CoOccurrence {
    private static final int CHUNK = 64;

    private CoOccurrence() {
    }

    /** With one thread per processor. */
    public static NeighbourTable compute(ModuleCache module, int k) {
        return compute(module, k, Runtime.getRuntime().availableProcessors());
    }

    public static NeighbourTable compute(ModuleCache module, int k, int threads) {
        return compute(ActivePairs.read(module), k, threads, module);
    }

    private static NeighbourTable compute(ActivePairs pairs, int k, int threads, ModuleCache module) {
        NeighbourTable table = new NeighbourTable(pairs.width(), k);
        AtomicInteger next = new AtomicInteger();
        int n = Math.max(1, Math.min(threads, (pairs.width() + CHUNK - 1) / CHUNK));
        ExecutorService pool = Executors.newFixedThreadPool(n, r -> {
            Thread t = new Thread(r, "augur-cooccurrence");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> parts = new ArrayList<>();
            for (int t = 0; t < n; t++) {
                parts.add(pool.submit(() -> new Worker(pairs, table, module).run(next)));
            }
            for (Future<?> f : parts) {
                join(f);
            }
        } finally {
            pool.shutdownNow();
        }
        return table;
    }

    private static void join(Future<?> f) {
        try {
            f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** One thread's dense counter and the list of latents it touched, reset after each latent. */
    private static final class Worker {
        private final ActivePairs pairs;
        private final NeighbourTable table;
        private final ModuleCache module;
        private final int[] counter;
        private final int[] touched;
        private final TopK top;

        Worker(ActivePairs pairs, NeighbourTable table, ModuleCache module) {
            this.pairs = pairs;
            this.table = table;
            this.module = module;
            this.counter = new int[pairs.width()];
            this.touched = new int[pairs.width()];
            this.top = new TopK(table.k());
        }

        void run(AtomicInteger next) {
            for (int from = next.getAndAdd(CHUNK); from < pairs.width(); from = next.getAndAdd(CHUNK)) {
                int to = Math.min(pairs.width(), from + CHUNK);
                for (int i = from; i < to; i++) {
                    if (pairs.count(i) > 0) {
                        neighboursOf(i);
                    }
                }
            }
        }

        private void neighboursOf(int i) {
            int nTouched = 0;
            int[] latentsAt = pairs.latentsAt;
            int[] positionStart = pairs.positionStart;
            for (int a = pairs.latentStart[i], b = pairs.latentStart[i + 1]; a < b; a++) {
                int p = pairs.positionsOf[a];
                for (int c = positionStart[p], d = positionStart[p + 1]; c < d; c++) {
                    int j = latentsAt[c];
                    if (counter[j]++ == 0) {
                        touched[nTouched++] = j;
                    }
                }
            }
            long cii = pairs.count(i);
            if (counter[i] != cii) { // i counted once per position only if no position repeats
                throw new CacheFormatException(module.dir(), "latent " + i
                    + " is listed more than once at the same token position");
            }
            for (int t = 0; t < nTouched; t++) {
                int j = touched[t];
                int cij = counter[j];
                counter[j] = 0;
                if (j != i) {
                    top.offer(j, (float) ((double) cij / (cii + pairs.count(j) - cij)));
                }
            }
            table.set(i, top);
        }
    }
}
