package dev.augur.testing;

import dev.augur.cache.DType;
import dev.augur.cache.Half;
import dev.augur.cache.SafetensorsWriter;
import dev.augur.cache.SafetensorsWriter.TensorData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Writes latent caches in delphi's exact layout for tests: config.json and one safetensors file
 * per split with locations [N,3] (rows in (seq, pos, latent) order, U16 or U32), F16
 * activations and the tokens (I64 or I32) in every split.
 */
public final class TestCache {
    /** One cached activation. */
    public record Act(int seq, int pos, int latent, float value) {
    }

    private final int nSeq;
    private final int seqLen;
    private final long[] tokens;
    private final List<Act> acts = new ArrayList<>();
    private String modelName = "test/model";
    private DType tokensDtype = DType.I64;
    private DType locationsDtype; // null: as delphi chooses

    public TestCache(int nSeq, int seqLen, long[] tokens) {
        this.nSeq = nSeq;
        this.seqLen = seqLen;
        this.tokens = tokens;
    }

    /** Token i of the flattened corpus is {@code (i * 7 + 3) % vocab}: distinct enough to check. */
    public static TestCache withPatternTokens(int nSeq, int seqLen, int vocab) {
        long[] t = new long[nSeq * seqLen];
        for (int i = 0; i < t.length; i++) {
            t[i] = (i * 7L + 3) % vocab;
        }
        return new TestCache(nSeq, seqLen, t);
    }

    /** Adds an activation; the value is rounded to F16 first, as the file will hold it. */
    public TestCache add(int seq, int pos, int latent, float value) {
        acts.add(new Act(seq, pos, latent, Half.toFloat(Half.fromFloat(value))));
        return this;
    }

    public TestCache modelName(String name) {
        this.modelName = name;
        return this;
    }

    public TestCache tokensDtype(DType dtype) {
        this.tokensDtype = dtype;
        return this;
    }

    public TestCache locationsDtype(DType dtype) {
        this.locationsDtype = dtype;
        return this;
    }

    public List<Act> acts() {
        return acts;
    }

    public long[] tokens() {
        return tokens;
    }

    /** Random heavy-tailed activations: latent l fires about {@code rate(l)} times. */
    public TestCache randomActivations(int width, long seed, int maxPerLatent) {
        Random r = new Random(seed);
        for (int l = 0; l < width; l++) {
            int n = l % 7 == 0 ? 0 : (int) Math.min(maxPerLatent, Math.exp(r.nextGaussian() * 1.2 + 3));
            java.util.Set<Integer> used = new java.util.HashSet<>();
            for (int k = 0; k < n; k++) {
                int flat = r.nextInt(nSeq * seqLen);
                if (used.add(flat)) {
                    float v = (float) Math.exp(r.nextGaussian() * 0.8);
                    if (l % 5 == 1) {
                        v = new float[] {1f, 2f, 4f}[r.nextInt(3)]; // ties
                    }
                    add(flat / seqLen, flat % seqLen, l, v);
                }
            }
        }
        return this;
    }

    /** Writes {@code <dir>/<module>/config.json} and the split files; returns the module folder. */
    public Path write(Path dir, String module, int[][] splits) throws IOException {
        Path mod = dir.resolve(module);
        Files.createDirectories(mod);
        List<Act> sorted = new ArrayList<>(acts);
        sorted.sort(Comparator.comparingInt((Act a) -> a.seq).thenComparingInt(a -> a.pos)
            .thenComparingInt(a -> a.latent));
        for (int[] s : splits) {
            List<Act> in = sorted.stream().filter(a -> a.latent >= s[0] && a.latent <= s[1]).toList();
            long[] loc = new long[in.size() * 3];
            float[] val = new float[in.size()];
            long maxSeq = 0;
            long maxRel = 0;
            for (int i = 0; i < in.size(); i++) {
                Act a = in.get(i);
                loc[3 * i] = a.seq;
                loc[3 * i + 1] = a.pos;
                loc[3 * i + 2] = a.latent - s[0];
                val[i] = a.value;
                maxSeq = Math.max(maxSeq, a.seq);
                maxRel = Math.max(maxRel, a.latent - s[0]);
            }
            DType ld = locationsDtype != null ? locationsDtype
                : (maxSeq < 65536 && maxRel < 65536 ? DType.U16 : DType.U32);
            long[] locShape = {in.size(), 3};
            Map<String, TensorData> t = new LinkedHashMap<>();
            t.put("locations", switch (ld) {
                case U16 -> TensorData.u16(locShape, loc);
                case U32 -> TensorData.u32(locShape, loc);
                case I32 -> TensorData.i32(locShape, loc);
                case I64 -> TensorData.i64(locShape, loc);
                default -> throw new IllegalArgumentException(ld.name());
            });
            t.put("activations", TensorData.f16(new long[] {in.size()}, val));
            long[] tokShape = {nSeq, seqLen};
            t.put("tokens", tokensDtype == DType.I32 ? TensorData.i32(tokShape, tokens)
                : TensorData.i64(tokShape, tokens));
            SafetensorsWriter.write(mod.resolve(s[0] + "_" + s[1] + ".safetensors"), t);
        }
        Files.writeString(mod.resolve("config.json"), "{\n    \"dataset_repo\": \"test/data\",\n"
            + "    \"dataset_split\": \"train\",\n    \"dataset_name\": \"\",\n"
            + "    \"dataset_column\": \"text\",\n    \"batch_size\": 8,\n"
            + "    \"cache_ctx_len\": " + seqLen + ",\n    \"n_tokens\": " + (nSeq * seqLen) + ",\n"
            + "    \"n_splits\": " + splits.length + ",\n    \"model_name\": \"" + modelName + "\"\n}");
        return mod;
    }
}
