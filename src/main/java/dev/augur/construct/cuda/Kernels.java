package dev.augur.construct.cuda;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/** Names and launch shape of the kernels in src/main/cuda/construct.cu, and their shipped PTX. */
public final class Kernels {
    /** Threads per block; must equal BLOCK in construct.cu. */
    public static final int BLOCK = 256;
    public static final String FIND_WINDOWS = "find_windows";
    public static final String RANK_WINDOWS = "rank_windows";
    public static final String GATHER_RANKED = "gather_ranked";
    public static final List<String> ALL = List.of(FIND_WINDOWS, RANK_WINDOWS, GATHER_RANKED);
    /** Built by bench/build-ptx.sh, JIT-compiled by the driver for the card it runs on. */
    public static final String PTX_RESOURCE = "/dev/augur/cuda/construct.ptx";

    private Kernels() {
    }

    /** The PTX text, NUL-terminated as cuModuleLoadData wants it. */
    public static byte[] ptx() {
        try (InputStream in = Kernels.class.getResourceAsStream(PTX_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the jar lacks " + PTX_RESOURCE);
            }
            byte[] text = in.readAllBytes();
            byte[] out = java.util.Arrays.copyOf(text, text.length + 1);
            out[text.length] = 0;
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
