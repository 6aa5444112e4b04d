package dev.augur.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.augur.testing.CliRun;
import dev.augur.testing.TestCache;
import dev.augur.testing.TestTokenizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordsCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    Path cache;

    @BeforeEach
    void writeCache() throws Exception {
        cache = dir.resolve("cache");
        TestCache.withPatternTokens(64, 32, 3000).randomActivations(24, 11, 60)
            .write(cache, "layers.1", new int[][] {{0, 11}, {12, 23}});
    }

    private static List<JsonNode> lines(String out) throws Exception {
        List<JsonNode> list = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (!line.isBlank()) {
                list.add(JSON.readTree(line));
            }
        }
        return list;
    }

    @Test
    void printsOneJsonObjectPerLatentWithTheDocumentedFields() throws Exception {
        CliRun r = CliRun.run("records", "--cache", cache.toString(), "--latents", "0:12",
            "--example-ctx-len", "8", "--min-examples", "30", "--n-train", "10", "--n-test", "10",
            "--n-quantiles", "5", "--n-non-activating", "6");
        assertEquals(0, r.exitCode(), r.err());
        List<JsonNode> recs = lines(r.out());
        assertFalse(recs.isEmpty());
        int previous = -1;
        for (JsonNode n : recs) {
            assertTrue(n.get("index").asInt() > previous, "latent order");
            previous = n.get("index").asInt();
            assertEquals("layers.1_latent" + previous, n.get("latent").asText());
            assertEquals("layers.1", n.get("module").asText());
            for (String f : List.of("skipped", "per_token_frequency", "per_context_frequency",
                "max_activation", "examples", "train", "test", "not_active")) {
                assertTrue(n.has(f), f);
            }
            if (n.get("skipped").isNull()) {
                JsonNode ex = n.get("examples").get(0);
                assertEquals(8, ex.get("tokens").size());
                assertEquals(8, ex.get("activations").size());
                assertEquals(n.get("max_activation").floatValue(),
                    max(ex.get("activations")), 0f);
                JsonNode t = n.get("train").get(0);
                for (String f : List.of("tokens", "activations", "normalized_activations", "quantile")) {
                    assertTrue(t.has(f), f);
                }
                assertEquals(6, n.get("not_active").size());
                assertEquals(-1, n.get("not_active").get(0).get("distance").asInt());
            } else {
                assertTrue(n.get("skipped").asText().startsWith("too few examples"));
            }
        }
        assertTrue(r.err().contains("no tokenizer.json found for model 'test/model'"), r.err());
        assertTrue(r.err().contains("selected 12"), r.err());
    }

    private static float max(JsonNode arr) {
        float m = 0;
        for (JsonNode v : arr) {
            m = Math.max(m, v.floatValue());
        }
        return m;
    }

    @Test
    void strTokensComeFromTheTokenizer() throws Exception {
        Path small = dir.resolve("small");
        TestCache.withPatternTokens(64, 32, 13).randomActivations(6, 3, 60)
            .write(small, "layers.1", new int[][] {{0, 5}});
        dev.augur.tokenizer.TokenDecoder d = dev.augur.tokenizer.TokenDecoder.open(
            TestTokenizer.BYTE_BPE);
        CliRun r = CliRun.run("records", "--cache", small.toString(), "--example-ctx-len", "8",
            "--min-examples", "20", "--n-non-activating", "3", "--tokenizer",
            TestTokenizer.BYTE_BPE.toString());
        assertEquals(0, r.exitCode(), r.err());
        int checked = 0;
        for (JsonNode n : lines(r.out())) {
            for (String set : List.of("train", "test", "not_active")) {
                for (JsonNode ex : n.get(set)) {
                    for (int i = 0; i < ex.get("tokens").size(); i++) {
                        assertEquals(d.decode(ex.get("tokens").get(i).asInt()),
                            ex.get("str_tokens").get(i).asText());
                        checked++;
                    }
                }
            }
        }
        d.close();
        assertTrue(checked > 100, "checked " + checked);
        assertFalse(r.err().contains("no tokenizer.json found"), r.err());
    }

    @Test
    void summaryFormatPrintsSmallLines() throws Exception {
        CliRun r = CliRun.run("records", "--cache", cache.toString(), "--format", "summary",
            "--example-ctx-len", "8", "--min-examples", "5");
        assertEquals(0, r.exitCode(), r.err());
        for (JsonNode n : lines(r.out())) {
            assertEquals(List.of("latent", "module", "index", "skipped", "n_examples", "n_train",
                "n_test", "n_not_active", "max_activation"), iterable(n));
        }
    }

    private static List<String> iterable(JsonNode n) {
        List<String> names = new ArrayList<>();
        n.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private void assertUserError(String fragment, String... args) {
        CliRun r = CliRun.run(args);
        assertEquals(Augur.EXIT_USAGE, r.exitCode(), r.err() + r.out());
        assertTrue(r.err().contains(fragment), "'" + fragment + "' in: " + r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
        assertEquals("", r.out());
    }

    @Test
    void badInputGivesOneClearLine() throws Exception {
        assertUserError("no such folder", "records", "--cache", dir.resolve("nope").toString());
        assertUserError("--module layers.9: not in the cache", "records", "--cache",
            cache.toString(), "--module", "layers.9");
        assertUserError("latent 99 of module 'layers.1' lies outside every split file",
            "records", "--cache", cache.toString(), "--latents", "5,99");
        assertUserError("does not divide the cached sequence length 32", "records", "--cache",
            cache.toString(), "--example-ctx-len", "5");
        assertUserError("--window: 'middle' is not one of", "records", "--cache", cache.toString(),
            "--window", "middle");
        assertUserError("--latents: cannot read 'x'", "records", "--cache", cache.toString(),
            "--latents", "x");
        assertUserError("needs --neighbours", "records", "--cache", cache.toString(),
            "--non-activating", "neighbours");

        Files.delete(cache.resolve("layers.1/config.json"));
        assertUserError("config.json: missing", "records", "--cache", cache.toString());
    }

    @Test
    void tokensShapeMustAgreeWithConfig() throws Exception {
        Path cfg = cache.resolve("layers.1/config.json");
        Files.writeString(cfg, Files.readString(cfg).replace("\"cache_ctx_len\": 32", "\"cache_ctx_len\": 64"));
        assertUserError("disagrees with cache_ctx_len 64", "records", "--cache", cache.toString());
    }

    @Test
    void corruptSplitFileIsAClearError() throws Exception {
        Path split = cache.resolve("layers.1/12_23.safetensors");
        byte[] b = Files.readAllBytes(split);
        Files.write(split, java.util.Arrays.copyOf(b, b.length / 2));
        assertUserError("12_23.safetensors", "records", "--cache", cache.toString(), "--latents", "12:24");
    }

    @Test
    void inspectSummarizesTheCache() throws Exception {
        CliRun r = CliRun.run("inspect", "--cache", cache.toString(), "--json");
        assertEquals(0, r.exitCode(), r.err());
        JsonNode m = JSON.readTree(r.out()).get("modules").get(0);
        assertEquals("layers.1", m.get("module").asText());
        assertEquals(24, m.get("width").asInt());
        assertEquals(2, m.get("splits").size());
        assertEquals("[64,32]", m.get("tokens_shape").toString());
        long hist = 0;
        for (JsonNode v : m.get("firing_count_histogram")) {
            hist += v.asLong();
        }
        assertEquals(24, hist);
        assertEquals(m.get("dead_latents").asLong(), m.get("firing_count_histogram").get("0 (dead)").asLong());
        CliRun text = CliRun.run("inspect", "--cache", cache.toString());
        assertTrue(text.out().contains("module layers.1"), text.out());
        assertTrue(text.out().contains("0_11.safetensors"), text.out());
    }
}
