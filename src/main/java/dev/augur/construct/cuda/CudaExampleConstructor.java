package dev.augur.construct.cuda;

import dev.augur.cache.LatentActivations;
import dev.augur.construct.ConstructionBatch;
import dev.augur.construct.ExampleAssembly;
import dev.augur.construct.ExampleConstructor;
import dev.augur.construct.LatentExamples;
import dev.augur.construct.RankedWindows;
import dev.augur.construct.WindowMode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;

/**
 * The CUDA backend. One thread owns the device and its context: the device is opened there and
 * every driver call runs there, a batch at a time. The device finds, ranks and cuts every
 * latent's windows; the host then assembles the same {@link LatentExamples} the CPU backend
 * makes (same views, same seeded non-activating draws), in parallel.
 */
public final class CudaExampleConstructor implements ExampleConstructor, AutoCloseable {
    private final ExecutorService owner;
    private final ConstructionDevice device;
    private final ConstructionTimings timings = new ConstructionTimings();

    private CudaExampleConstructor(ExecutorService owner, ConstructionDevice device) {
        this.owner = owner;
        this.device = device;
    }

    /** Opens the device on a new owner thread; fails if no device can be used. */
    public static CudaExampleConstructor open(DeviceOpener opener) throws DeviceUnavailableException {
        ExecutorService owner = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "augur-cuda");
            t.setDaemon(true);
            return t;
        });
        try {
            return new CudaExampleConstructor(owner, owner.submit(opener::open).get());
        } catch (ExecutionException e) {
            owner.shutdownNow();
            if (e.getCause() instanceof DeviceUnavailableException u) {
                throw u;
            }
            throw new DeviceUnavailableException("opening the CUDA device failed: " + e.getCause(),
                e.getCause());
        } catch (InterruptedException e) {
            owner.shutdownNow();
            Thread.currentThread().interrupt();
            throw new DeviceUnavailableException("interrupted while opening the CUDA device", e);
        }
    }

    @Override
    public String name() {
        return "cuda";
    }

    /** The card and its free memory, read on the owner thread (the context is current there). */
    public String deviceDescription() {
        try {
            return owner.submit(device::description).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "a CUDA device (interrupted while reading its description)";
        } catch (ExecutionException e) {
            return "a CUDA device (its description could not be read: " + e.getCause().getMessage() + ")";
        }
    }

    public ConstructionTimings timings() {
        return timings;
    }

    /** Builds a batch; blocks the caller (use {@link #constructAsync} on an event loop). */
    @Override
    public List<LatentExamples> construct(ConstructionBatch batch) {
        try {
            return constructAsync(batch).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    /**
     * Builds a batch without blocking the caller: device work runs on the owner thread,
     * assembly on the common pool. Fails with a {@link DeviceFailureException} on device errors.
     */
    public CompletableFuture<List<LatentExamples>> constructAsync(ConstructionBatch batch) {
        return CompletableFuture.supplyAsync(() -> onDevice(batch), owner)
            .thenApplyAsync(ranked -> assemble(batch, ranked), ForkJoinPool.commonPool());
    }

    /** The latents' sorted activations and their ranked windows, index for index. */
    private record DeviceResult(LatentActivations[] acts, List<RankedWindows> ranked) {
    }

    private DeviceResult onDevice(ConstructionBatch batch) {
        int n = batch.latents().length;
        LatentActivations[] acts = new LatentActivations[n];
        int[] counts = new int[n];
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            acts[i] = batch.split().latent(batch.latents()[i]).sortedByPosition();
            counts[i] = acts[i].size();
            if (counts[i] == 0) {
                throw new IllegalArgumentException("latent " + batch.latents()[i] + " is dead; "
                    + "batches hold live latents only");
            }
        }
        timings.packNanos.addAndGet(System.nanoTime() - t0);
        int c = batch.config().exampleCtxLen();
        int windowsPerSeq = batch.corpus().seqLen() / c;
        boolean centered = batch.config().windowMode() == WindowMode.CENTERED;
        List<RankedWindows> ranked = new ArrayList<>(n);
        Deque<int[]> todo = new ArrayDeque<>(SubBatchPlanner.plan(counts,
            SubBatchPlanner.budget(safeFreeBytes())));
        DeviceWindowFinder finder = new DeviceWindowFinder(device, timings);
        while (!todo.isEmpty()) {
            int[] range = todo.pollFirst();
            long tp = System.nanoTime();
            PackedLatents packed = PackedLatents.pack(acts, range[0], range[1]);
            timings.packNanos.addAndGet(System.nanoTime() - tp);
            try {
                ranked.addAll(finder.run(packed, c, windowsPerSeq, centered));
                timings.subBatches.incrementAndGet();
            } catch (DeviceFailureException e) {
                if (!e.outOfMemory() || range[1] - range[0] == 1) {
                    throw e;
                }
                // free memory was over-estimated (another process, fragmentation): halve
                int mid = (range[0] + range[1]) >>> 1;
                todo.addFirst(new int[] {mid, range[1]});
                todo.addFirst(new int[] {range[0], mid});
            }
        }
        return new DeviceResult(acts, ranked);
    }

    private long safeFreeBytes() {
        long free = device.freeBytes();
        if (free <= 0) {
            throw new DeviceFailureException("the device reports no free memory", true, null);
        }
        return free;
    }

    private List<LatentExamples> assemble(ConstructionBatch batch, DeviceResult result) {
        long t0 = System.nanoTime();
        try {
            return IntStream.range(0, batch.latents().length).parallel()
                .mapToObj(i -> ExampleAssembly.fromRanked(batch, batch.latents()[i],
                    result.acts()[i], result.ranked().get(i)))
                .toList();
        } catch (IllegalStateException e) {
            throw new DeviceFailureException("the device returned inconsistent windows: "
                + e.getMessage(), false, e);
        } finally {
            timings.assembleNanos.addAndGet(System.nanoTime() - t0);
            timings.latents.addAndGet(batch.latents().length);
        }
    }

    /** Releases the device on its owner thread and stops that thread. */
    @Override
    public void close() {
        try {
            owner.submit(device::close).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            // closing a failed context: nothing left to release
        } finally {
            owner.shutdown();
        }
    }
}
