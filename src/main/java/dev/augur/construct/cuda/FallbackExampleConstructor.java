package dev.augur.construct.cuda;

import dev.augur.AugurException;
import dev.augur.construct.ConstructionBatch;
import dev.augur.construct.ExampleConstructor;
import dev.augur.construct.LatentExamples;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The CUDA backend with a policy for device failures. {@code --device auto}: a batch the device
 * fails on (out of memory, kernel fault, lost device) is built on the CPU instead, and the
 * reason is logged once. {@code --device cuda}: the failure stops the run with a clear message.
 */
public final class FallbackExampleConstructor implements ExampleConstructor, AutoCloseable {
    private final CudaExampleConstructor cuda;
    private final ExampleConstructor cpu;
    private final Consumer<String> log;
    private final Set<String> logged = ConcurrentHashMap.newKeySet();
    private final AtomicLong fallbacks = new AtomicLong();

    private FallbackExampleConstructor(CudaExampleConstructor cuda, ExampleConstructor cpu,
                                       Consumer<String> log) {
        this.cuda = cuda;
        this.cpu = cpu;
        this.log = log;
    }

    /** auto: falls back to {@code cpu} batch by batch. */
    public static FallbackExampleConstructor auto(CudaExampleConstructor cuda, ExampleConstructor cpu,
                                                  Consumer<String> log) {
        return new FallbackExampleConstructor(cuda, cpu, log);
    }

    /** cuda: no fallback; a device failure becomes a user-facing error. */
    public static FallbackExampleConstructor strict(CudaExampleConstructor cuda) {
        return new FallbackExampleConstructor(cuda, null, line -> { });
    }

    @Override
    public String name() {
        return "cuda";
    }

    public CudaExampleConstructor cuda() {
        return cuda;
    }

    /** Batches built on the CPU after a device failure. */
    public long fallbacks() {
        return fallbacks.get();
    }

    @Override
    public List<LatentExamples> construct(ConstructionBatch batch) {
        try {
            return cuda.construct(batch);
        } catch (DeviceFailureException e) {
            return recover(batch, e);
        }
    }

    /** Non-blocking: completes on the CUDA owner thread or the common pool, never the caller's. */
    public CompletableFuture<List<LatentExamples>> constructAsync(ConstructionBatch batch) {
        return cuda.constructAsync(batch).handle((out, err) -> {
            if (err == null) {
                return CompletableFuture.completedFuture(out);
            }
            Throwable cause = err instanceof CompletionException && err.getCause() != null
                ? err.getCause() : err;
            if (cause instanceof DeviceFailureException e) {
                return CompletableFuture.supplyAsync(() -> recover(batch, e));
            }
            return CompletableFuture.<List<LatentExamples>>failedFuture(cause);
        }).thenCompose(f -> f);
    }

    private List<LatentExamples> recover(ConstructionBatch batch, DeviceFailureException e) {
        if (cpu == null) {
            throw new AugurException("--device cuda: the GPU failed on a batch of "
                + batch.latents().length + " latents of " + batch.module() + ": " + e.getMessage()
                + " (--device auto builds such batches on the CPU)", e);
        }
        fallbacks.incrementAndGet();
        if (logged.add(kind(e))) {
            log.accept("device auto: the GPU failed on a batch of " + batch.latents().length
                + " latents of " + batch.module() + " (" + e.getMessage() + "); building it on the "
                + "CPU (later batches failing the same way fall back without a message)");
        }
        return cpu.construct(batch);
    }

    /** Failures of one kind are logged once: out of memory, or any other device fault. */
    private static String kind(DeviceFailureException e) {
        return e.outOfMemory() ? "out of memory" : "device fault";
    }

    @Override
    public void close() {
        cuda.close();
    }
}
