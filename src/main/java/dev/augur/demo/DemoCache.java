package dev.augur.demo;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import dev.augur.cache.LatentCache;
import dev.augur.cache.SafetensorsWriter;
import dev.augur.cache.SafetensorsWriter.TensorData;
import dev.augur.explain.ExplanationStore;
import dev.augur.io.AtomicFiles;
import dev.augur.tokenizer.TokenDecoder;
import dev.augur.tokenizer.TokenizersLibrary;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The demo cache: The Devil's Dictionary (public domain) tokenized with GPT-2's byte-level BPE,
 * with the rule-based latents of {@link DemoLatents}, written in delphi's exact layout (config.json,
 * two split files with U16 locations, F16 activations and I64 tokens) plus the true explanations.
 * Deterministic: the same inputs give the same bytes.
 */
public final class DemoCache {
    public static final String MODULE = "layers.6.mlp";
    public static final String MODEL = "openai-community/gpt2";
    public static final int CTX_LEN = 128;
    /** The demo's min_examples: its latents are fewer and rarer than a real SAE's. */
    public static final int MIN_EXAMPLES = 20;
    /**
     * The demo's windows: 8 tokens, so that the one token a rule fires on weighs in a window's
     * sentence embedding (with 32 the true-vs-control gap of the embedding scorer shrinks).
     */
    public static final int EXAMPLE_CTX_LEN = 8;
    public static final int WIDTH = DemoLatents.ALL.size();
    static final String RESOURCES = "/dev/augur/demo/";
    static final String[] FILES = {"latents/" + MODULE + "/config.json",
        "latents/" + MODULE + "/0_11.safetensors", "latents/" + MODULE + "/12_23.safetensors"};

    private DemoCache() {
    }

    /** Rebuilds the demo: {@code DemoCache <text> <tokenizer.json> <out dir>} (bench/make-demo-cache.sh). */
    public static void main(String[] args) throws IOException {
        System.setProperty("ai.djl.offline", "true");
        generate(Path.of(args[0]), Path.of(args[1]), Path.of(args[2]));
    }

    /** Writes {@code out/latents/<module>/...} and {@code out/explanations/}. */
    public static void generate(Path text, Path tokenizerJson, Path out) throws IOException {
        long[] ids;
        TokenizersLibrary.pin(); // never a libtokenizers.so planted in DJL's cache
        // the whole book at once: no truncation (DJL truncates to 512 tokens by default)
        try (HuggingFaceTokenizer t = HuggingFaceTokenizer.newInstance(tokenizerJson,
            Map.of("addSpecialTokens", "false", "truncation", "false", "padding", "false",
                "modelMaxLength", "100000000", "maxLength", "100000000"))) {
            ids = t.encode(Files.readString(text, StandardCharsets.UTF_8)).getIds();
        }
        int nSeq = ids.length / CTX_LEN;
        int n = nSeq * CTX_LEN;
        String[] s = new String[n];
        try (TokenDecoder d = TokenDecoder.open(tokenizerJson)) {
            for (int i = 0; i < n; i++) {
                s[i] = d.decode((int) ids[i]);
            }
        }
        long[] tokens = java.util.Arrays.copyOf(ids, n);
        List<long[]> rows = new ArrayList<>(); // seq, pos, latent, in (seq, pos, latent) order
        List<Float> values = new ArrayList<>();
        Random[] rng = new Random[WIDTH];
        for (int l = 0; l < WIDTH; l++) {
            rng[l] = new Random(1000 + l);
        }
        for (int i = 0; i < n; i++) {
            for (int l = 0; l < WIDTH; l++) {
                DemoLatents.Latent lat = DemoLatents.ALL.get(l);
                if (lat.rule().fires(s, i)) {
                    // heavy-tailed strength: log-normal around the latent's level
                    float v = (float) Math.min(60000, lat.level() * Math.exp(0.6 * rng[l].nextGaussian()));
                    rows.add(new long[] {i / CTX_LEN, i % CTX_LEN, l});
                    values.add(v);
                }
            }
        }
        Path mod = out.resolve("latents").resolve(MODULE);
        Files.createDirectories(mod);
        writeSplit(mod, 0, 11, rows, values, tokens, nSeq);
        writeSplit(mod, 12, WIDTH - 1, rows, values, tokens, nSeq);
        String config = "{\n    \"dataset_repo\": \"debian/dict-devil\",\n    \"dataset_split\": \"train\",\n"
            + "    \"dataset_name\": \"\",\n    \"dataset_column\": \"text\",\n    \"batch_size\": 8,\n"
            + "    \"cache_ctx_len\": " + CTX_LEN + ",\n    \"n_tokens\": " + n + ",\n"
            + "    \"n_splits\": 2,\n    \"model_name\": \"" + MODEL + "\"\n}";
        AtomicFiles.write(mod.resolve("config.json"), config.getBytes(StandardCharsets.UTF_8));
        ExplanationStore explanations = new ExplanationStore(out.resolve("explanations"));
        for (int l = 0; l < WIDTH; l++) {
            String e = DemoLatents.ALL.get(l).explanation();
            if (e != null) {
                explanations.write(LatentCache.latentName(MODULE, l), e);
            }
        }
    }

    private static void writeSplit(Path mod, int start, int end, List<long[]> rows,
                                   List<Float> values, long[] tokens, int nSeq) throws IOException {
        List<Integer> in = new ArrayList<>();
        for (int r = 0; r < rows.size(); r++) {
            if (rows.get(r)[2] >= start && rows.get(r)[2] <= end) {
                in.add(r);
            }
        }
        long[] loc = new long[in.size() * 3];
        float[] val = new float[in.size()];
        for (int k = 0; k < in.size(); k++) {
            long[] row = rows.get(in.get(k));
            loc[3 * k] = row[0];
            loc[3 * k + 1] = row[1];
            loc[3 * k + 2] = row[2] - start;
            val[k] = values.get(in.get(k));
        }
        Map<String, TensorData> t = new LinkedHashMap<>();
        t.put("locations", TensorData.u16(new long[] {in.size(), 3}, loc));
        t.put("activations", TensorData.f16(new long[] {in.size()}, val));
        t.put("tokens", TensorData.i64(new long[] {nSeq, CTX_LEN}, tokens));
        SafetensorsWriter.write(mod.resolve(start + "_" + end + ".safetensors"), t);
    }

    /** Where Augur keeps unpacked and cached data: {@code -Daugur.cache}, else ~/.cache/augur. */
    public static Path cacheRoot() {
        String p = System.getProperty("augur.cache");
        return p != null ? Path.of(p) : Path.of(System.getProperty("user.home"), ".cache", "augur");
    }

    /**
     * The shipped demo (cache, explanations, tokenizer) as files: extracted once from the jar to
     * {@code ~/.cache/augur/demo/<version>/}, since the cache reader maps files.
     */
    public static Path extract(Path cacheRoot) {
        Path dir = cacheRoot.resolve("demo-v1");
        try {
            List<String> all = new ArrayList<>(List.of(FILES));
            all.add("gpt2-tokenizer.json");
            for (int l = 0; l < WIDTH; l++) {
                if (DemoLatents.ALL.get(l).explanation() != null) {
                    all.add("explanations/" + LatentCache.latentName(MODULE, l) + ".txt");
                }
            }
            for (String f : all) {
                Path target = dir.resolve(f);
                if (!Files.isRegularFile(target)) {
                    try (InputStream in = DemoCache.class.getResourceAsStream(RESOURCES + f)) {
                        if (in == null) {
                            throw new IOException("missing resource " + RESOURCES + f);
                        }
                        AtomicFiles.write(target, in.readAllBytes());
                    }
                }
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack the demo into " + dir + ": " + e.getMessage(), e);
        }
    }
}
