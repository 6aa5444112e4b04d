package dev.augur.construct.cuda;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/** Where the CUDA backend's time goes, summed over batches (for the benchmark and logs). */
public final class ConstructionTimings {
    final AtomicLong packNanos = new AtomicLong();
    final AtomicLong uploadNanos = new AtomicLong();
    final AtomicLong kernelNanos = new AtomicLong();
    final AtomicLong downloadNanos = new AtomicLong();
    final AtomicLong assembleNanos = new AtomicLong();
    final AtomicLong subBatches = new AtomicLong();
    final AtomicLong latents = new AtomicLong();
    final AtomicLong bytesMoved = new AtomicLong();

    /** Host packing into flat arrays. */
    public double packMs() {
        return packNanos.get() / 1e6;
    }

    /** Host-to-device and device-to-host copies (synchronous, so wall time of the copies). */
    public double transferMs() {
        return (uploadNanos.get() + downloadNanos.get()) / 1e6;
    }

    public double uploadMs() {
        return uploadNanos.get() / 1e6;
    }

    public double downloadMs() {
        return downloadNanos.get() / 1e6;
    }

    /** Kernel launches until the device is synchronized after each. */
    public double kernelMs() {
        return kernelNanos.get() / 1e6;
    }

    /** Host assembly of examples and non-activating draws from the device output. */
    public double assembleMs() {
        return assembleNanos.get() / 1e6;
    }

    public long subBatches() {
        return subBatches.get();
    }

    public long latents() {
        return latents.get();
    }

    public long bytesMoved() {
        return bytesMoved.get();
    }

    /** A copy of the figures now. */
    public ConstructionTimings snapshot() {
        ConstructionTimings c = new ConstructionTimings();
        c.packNanos.set(packNanos.get());
        c.uploadNanos.set(uploadNanos.get());
        c.kernelNanos.set(kernelNanos.get());
        c.downloadNanos.set(downloadNanos.get());
        c.assembleNanos.set(assembleNanos.get());
        c.subBatches.set(subBatches.get());
        c.latents.set(latents.get());
        c.bytesMoved.set(bytesMoved.get());
        return c;
    }

    public void reset() {
        for (AtomicLong a : new AtomicLong[] {packNanos, uploadNanos, kernelNanos, downloadNanos,
            assembleNanos, subBatches, latents, bytesMoved}) {
            a.set(0);
        }
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%d latents in %d sub-batches: pack %.1f ms, upload %.1f ms, "
            + "kernels %.1f ms, download %.1f ms, assemble %.1f ms, %.1f MB moved", latents(),
            subBatches(), packMs(), uploadMs(), kernelMs(), downloadMs(), assembleMs(),
            bytesMoved() / 1e6);
    }
}
