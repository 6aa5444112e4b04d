package dev.augur.neighbours;

import dev.augur.cache.DType;
import dev.augur.cache.Half;
import dev.augur.cache.SafetensorsWriter;
import dev.augur.cache.SafetensorsWriter.TensorData;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Generated SAE weights in sparsify's and SAELens' layouts, and a brute-force cosine top-k. */
final class SaeFixtures {
    private SaeFixtures() {
    }

    /**
     * A width x d matrix of Gaussian rows with planted cases: row 1 duplicates row 0 (exact ties
     * for everyone else), row 2 is row 0 negated, rows 3 and width-1 are zero.
     */
    static float[][] matrix(long seed, int width, int d) {
        Random rng = new Random(seed);
        float[][] m = new float[width][d];
        for (float[] row : m) {
            for (int j = 0; j < d; j++) {
                row[j] = (float) rng.nextGaussian();
            }
        }
        m[1] = m[0].clone();
        for (int j = 0; j < d; j++) {
            m[2][j] = -m[0][j];
        }
        m[3] = new float[d];
        m[width - 1] = new float[d];
        return m;
    }

    /** The values as the file stores them (rounded to F16 / BF16), widened back to float. */
    static float[][] asStored(float[][] m, DType dtype) {
        float[][] out = new float[m.length][];
        for (int i = 0; i < m.length; i++) {
            out[i] = m[i].clone();
            for (int j = 0; j < out[i].length; j++) {
                out[i][j] = switch (dtype) {
                    case F16 -> Half.toFloat(Half.fromFloat(out[i][j]));
                    case BF16 -> Half.bf16ToFloat(bf16(out[i][j]));
                    default -> out[i][j];
                };
            }
        }
        return out;
    }

    static short bf16(float f) {
        int bits = Float.floatToRawIntBits(f);
        return (short) ((bits + 0x7FFF + ((bits >>> 16) & 1)) >>> 16); // round to nearest even
    }

    static TensorData tensor(float[][] m, boolean transposed, DType dtype) {
        int rows = transposed ? m[0].length : m.length;
        int cols = transposed ? m.length : m[0].length;
        float[] flat = new float[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                flat[r * cols + c] = transposed ? m[c][r] : m[r][c];
            }
        }
        long[] shape = {rows, cols};
        return switch (dtype) {
            case F32 -> TensorData.f32(shape, flat);
            case F16 -> TensorData.f16(shape, flat);
            case BF16 -> {
                ByteBuffer b = ByteBuffer.allocate(2 * flat.length).order(ByteOrder.LITTLE_ENDIAN);
                for (float v : flat) {
                    b.putShort(bf16(v));
                }
                yield new TensorData(DType.BF16, shape, b.array());
            }
            default -> throw new IllegalArgumentException(dtype.toString());
        };
    }

    /** sparsify: cfg.json and sae.safetensors with encoder.weight, encoder.bias, W_dec, b_dec. */
    static void sparsify(Path dir, float[][] enc, float[][] dec, DType dtype) throws IOException {
        Files.createDirectories(dir);
        Map<String, TensorData> t = new LinkedHashMap<>();
        t.put("encoder.weight", tensor(enc, false, dtype));
        t.put("encoder.bias", TensorData.f32(new long[] {enc.length}, new float[enc.length]));
        t.put("W_dec", tensor(dec, false, dtype));
        t.put("b_dec", TensorData.f32(new long[] {dec[0].length}, new float[dec[0].length]));
        SafetensorsWriter.write(dir.resolve("sae.safetensors"), t);
        Files.writeString(dir.resolve("cfg.json"), "{\"expansion_factor\": 32, \"normalize_decoder\": true, "
            + "\"num_latents\": 0, \"k\": 4, \"d_in\": " + enc[0].length + "}");
    }

    /** SAELens: cfg.json and sae_weights.safetensors with W_enc [d x latents], W_dec, biases. */
    static void saeLens(Path dir, float[][] enc, float[][] dec, DType dtype) throws IOException {
        Files.createDirectories(dir);
        Map<String, TensorData> t = new LinkedHashMap<>();
        t.put("W_enc", tensor(enc, true, dtype));
        t.put("b_enc", TensorData.f32(new long[] {enc.length}, new float[enc.length]));
        t.put("W_dec", tensor(dec, false, dtype));
        t.put("b_dec", TensorData.f32(new long[] {dec[0].length}, new float[dec[0].length]));
        SafetensorsWriter.write(dir.resolve("sae_weights.safetensors"), t);
        Files.writeString(dir.resolve("cfg.json"), "{\"architecture\": \"standard\", \"d_in\": "
            + enc[0].length + ", \"d_sae\": " + enc.length + ", \"dtype\": \"float32\"}");
    }

    /** One expected neighbour: index and cosine in double. */
    record Expected(int index, double cosine) {
    }

    /** Brute force: every pair's cosine in double, zero rows left out, ties to the lower index. */
    static List<List<Expected>> bruteForce(float[][] m, int k) {
        int n = m.length;
        double[] norm = new double[n];
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (float v : m[i]) {
                s += (double) v * v;
            }
            norm[i] = Math.sqrt(s);
        }
        List<List<Expected>> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            List<Expected> all = new ArrayList<>();
            for (int j = 0; j < n; j++) {
                if (j == i || norm[i] == 0 || norm[j] == 0) {
                    continue;
                }
                double dot = 0;
                for (int t = 0; t < m[i].length; t++) {
                    dot += (double) m[i][t] * m[j][t];
                }
                all.add(new Expected(j, dot / (norm[i] * norm[j])));
            }
            all.sort(Comparator.comparingDouble((Expected e) -> -e.cosine())
                .thenComparingInt(Expected::index));
            out.add(all.subList(0, Math.min(k, all.size())));
        }
        return out;
    }
}
