package dev.augur.construct.cuda;

/** Lets tests of other packages ask whether this machine has a usable CUDA device. */
public final class CudaEquivalenceTestAccess {
    private CudaEquivalenceTestAccess() {
    }

    /** Every field of every example equal, activations bit for bit (throws AssertionError). */
    public static void assertSameExamples(java.util.List<dev.augur.construct.LatentExamples> cpu,
                                          java.util.List<dev.augur.construct.LatentExamples> other) {
        GeneratedCaches.assertSameExamples(cpu, other);
    }

    public static boolean usable() {
        return CudaEquivalenceTest.CUDA.usable();
    }
}
