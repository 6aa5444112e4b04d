package dev.augur.neighbours;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;

/** Names and launch shape of the kernels in src/main/cuda/similarity.cu, and their shipped PTX. */
public final class SimilarityKernels {
    /** Threads per block; must equal BLOCK in similarity.cu (and the construct kernels' BLOCK). */
    public static final int BLOCK = 256;
    /** Scores per block side in similarity_scores; TILE in similarity.cu. */
    public static final int TILE = 64;
    /** The largest k row_topk keeps per thread; KMAX in similarity.cu. */
    public static final int KMAX = 64;
    public static final String SCORES = "similarity_scores";
    public static final String TOP_K = "row_topk";
    public static final List<String> ALL = List.of(SCORES, TOP_K);
    /** Built by bench/build-ptx.sh, JIT-compiled by the driver for the card it runs on. */
    public static final String PTX_RESOURCE = "/dev/augur/cuda/similarity.ptx";

    private SimilarityKernels() {
    }

    /** Blocks of similarity_scores for a sub-block of rows. */
    static int scoreBlocks(int width, int rows) {
        long blocks = (long) ((width + TILE - 1) / TILE) * ((rows + TILE - 1) / TILE);
        return Math.toIntExact(blocks);
    }

    /** The PTX text, NUL-terminated as cuModuleLoadData wants it. */
    public static byte[] ptx() {
        try (InputStream in = SimilarityKernels.class.getResourceAsStream(PTX_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the jar lacks " + PTX_RESOURCE);
            }
            byte[] text = in.readAllBytes();
            return Arrays.copyOf(text, text.length + 1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
