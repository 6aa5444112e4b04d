package dev.augur.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.augur.cache.SafetensorsWriter.TensorData;
import dev.augur.testing.DelphiCacheTool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reads caches written byte-for-byte as delphi writes them, and writes identical bytes. */
class DelphiCompatibilityTest {
    @TempDir
    Path dir;

    private static JsonNode summary(Path out) throws Exception {
        return new ObjectMapper().readTree(out.resolve("synthetic.json").toFile());
    }

    private static void checkCounts(Path out, int expectedSplits) throws Exception {
        JsonNode s = summary(out);
        LatentCache cache = LatentCache.open(out);
        String moduleName = s.get("module").asText();
        assertEquals(java.util.List.of(moduleName), cache.modules());
        ModuleCache module = cache.module(moduleName);
        assertEquals(s.get("width").asInt(), module.width());
        assertEquals(expectedSplits, module.splits().size());
        long total = 0;
        int dead = 0;
        JsonNode perLatent = s.get("counts_per_latent");
        for (int i = 0; i < module.splits().size(); i++) {
            SplitFile split = module.splits().get(i);
            JsonNode info = s.get("splits").get(i);
            assertEquals(info.get("file").asText(), split.path().getFileName().toString());
            try (SafetensorsFile f = SafetensorsFile.open(split.path())) {
                String dtype = info.get("locations_dtype").asText().toUpperCase();
                assertEquals(dtype.replace("UINT", "U"), f.info("locations").dtype().name());
                assertEquals(DType.F16, f.info("activations").dtype());
                long[] shape = f.info("tokens").shape();
                int[] counts = SplitActivations.countPerLatent(f, split, (int) shape[0], (int) shape[1]);
                long n = 0;
                for (int rel = 0; rel < counts.length; rel++) {
                    n += counts[rel];
                    dead += counts[rel] == 0 ? 1 : 0;
                    if (perLatent != null && !perLatent.isNull()) {
                        JsonNode want = perLatent.get(String.valueOf(split.start() + rel));
                        assertEquals(want == null ? 0 : want.asInt(), counts[rel],
                            "latent " + (split.start() + rel));
                    }
                }
                assertEquals(info.get("n").asLong(), n);
                total += n;
            }
        }
        assertEquals(s.get("n_activations").asLong(), total);
        assertEquals(s.get("n_dead").asInt(), dead);
    }

    @Test
    void readsU16CachesWithI64Tokens() throws Exception {
        Path out = dir.resolve("u16");
        DelphiCacheTool.generate(out, "--n-seq", "48", "--ctx-len", "64", "--width", "96",
            "--n-splits", "3", "--seed", "5");
        checkCounts(out, 3);
    }

    @Test
    void readsU32CachesWithI32Tokens() throws Exception {
        Path out = dir.resolve("u32");
        DelphiCacheTool.generate(out, "--n-seq", "16", "--ctx-len", "32", "--width", "70000",
            "--n-splits", "1", "--wide-live", "12", "--tokens-dtype", "int32", "--seed", "2",
            "--neighbours", "0");
        checkCounts(out, 1);
    }

    @Test
    void writerProducesTheSameBytesAsDelphi() throws Exception {
        Path out = dir.resolve("w");
        DelphiCacheTool.generate(out, "--n-seq", "8", "--ctx-len", "16", "--width", "32",
            "--n-splits", "2", "--seed", "9", "--neighbours", "0");
        ModuleCache module = LatentCache.open(out).module("layers.3.mlp");
        for (SplitFile split : module.splits()) {
            byte[] original = Files.readAllBytes(split.path());
            Map<String, TensorData> tensors = new LinkedHashMap<>();
            try (SafetensorsFile f = SafetensorsFile.open(split.path())) {
                long dataStart = original.length - f.tensors().values().stream()
                    .mapToLong(t -> t.end() - t.begin()).sum();
                // insert in a different order: the writer must sort as safetensors does
                for (String name : new String[] {"locations", "tokens", "activations"}) {
                    SafetensorsFile.TensorInfo t = f.info(name);
                    tensors.put(name, new TensorData(t.dtype(), t.shape(), Arrays.copyOfRange(
                        original, (int) (dataStart + t.begin()), (int) (dataStart + t.end()))));
                }
            }
            byte[] rewritten = SafetensorsWriter.serialize(tensors, null);
            assertArrayEquals(original, rewritten, split.path().toString());
        }
        assertTrue(Files.isRegularFile(out.resolve("latents/layers.3.mlp/config.json")));
    }
}
