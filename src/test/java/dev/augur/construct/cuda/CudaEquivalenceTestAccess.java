package dev.augur.construct.cuda;

/** Lets tests of other packages ask whether this machine has a usable CUDA device. */
public final class CudaEquivalenceTestAccess {
    private CudaEquivalenceTestAccess() {
    }

    public static boolean usable() {
        return CudaEquivalenceTest.CUDA.usable();
    }
}
