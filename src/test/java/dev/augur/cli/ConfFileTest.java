package dev.augur.cli;

import dev.augur.testing.ScoringRunFixture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.augur.llm.LlmConfig;
import dev.augur.testing.CliRun;
import dev.augur.testing.TestTokenizer;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `augur run --conf FILE`: the shipped configs are valid, flags override the file, typos are errors. */
class ConfFileTest {
    @TempDir
    Path dir;

    @Test
    void everyShippedConfigIsAcceptedByAugurRun() throws Exception {
        try (Stream<Path> files = Files.walk(Path.of("conf"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).toList()) {
                JsonDefaults d = JsonDefaults.read(f);
                picocli.CommandLine cli = new picocli.CommandLine(new RunCommand());
                d.checkKeys(cli.getCommandSpec()); // throws on an unknown key
            }
        }
    }

    @Test
    void theFileGivesDefaultsAndFlagsOverrideThem() throws Exception {
        Path conf = dir.resolve("c.json");
        Files.writeString(conf, "{\"_about\": \"x\", \"records\": {\"min-examples\": 5, \"n-train\": 7},"
            + " \"scorers\": [\"embedding\"], \"explainer\": \"none\", \"results\": \""
            + dir.resolve("res").toString().replace("\\", "/") + "\"}");
        Path cache = ScoringRunFixture.writeCache(dir);
        Files.createDirectories(dir.resolve("expl"));
        Files.writeString(dir.resolve("expl/layers.2_latent0.txt"), "\"the word the\"");
        CliRun r = CliRun.run("run", "--conf", conf.toString(), "--cache", cache.toString(),
            "--tokenizer", TestTokenizer.BYTE_BPE.toString(), "--example-ctx-len", "8",
            "--explanations", dir.resolve("expl").toString(), "--n-train", "9", "--latents", "0");
        assertEquals(0, r.exitCode(), r.err());
        var cfg = new ObjectMapper().readTree(dir.resolve("res/run/run_config.json").toFile());
        assertEquals(5, cfg.get("min-examples").asInt());
        assertEquals(9, cfg.get("n-train").asInt(), "the flag overrides the file");
        assertEquals("embedding", cfg.get("scorers").asText());
        assertTrue(Files.isRegularFile(dir.resolve("res/run/scores/embedding/layers.2_latent0.txt")));
    }

    @Test
    void aSettingGivenTwiceIsAnErrorNamingBothPlacesNotTheLastOneWins() throws Exception {
        Path groups = dir.resolve("groups.json");
        Files.writeString(groups, "{\"records\": {\"n-train\": 7}, \"sampling\": {\"n-train\": 9}}");
        CliRun r = CliRun.run("run", "--conf", groups.toString());
        assertEquals(2, r.exitCode(), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("n-train") && r.err().contains("records.n-train")
            && r.err().contains("sampling.n-train"), r.err());

        Path sameObject = dir.resolve("same.json");
        Files.writeString(sameObject, "{\"n-train\": 7, \"n-train\": 9}");
        CliRun again = CliRun.run("run", "--conf", sameObject.toString());
        assertEquals(2, again.exitCode(), again.err());
        assertTrue(again.err().contains("n-train"), again.err());

        // a node's config: the run and llm groups of one object are flattened the same way
        JsonObject node = new JsonObject().put("run", new JsonObject().put("model", "a"))
            .put("llm", new JsonObject().put("model", "b").put("llm-base-url", "http://127.0.0.1:8000/v1"));
        dev.augur.AugurException e = org.junit.jupiter.api.Assertions.assertThrows(dev.augur.AugurException.class,
            () -> RunPlans.fromConfig(node, false));
        assertTrue(e.getMessage().contains("run.model") && e.getMessage().contains("llm.model"), e.getMessage());
    }

    @Test
    void theLlmObjectTakesTheOutageBound() {
        JsonObject llm = new JsonObject().put("llm-base-url", "http://127.0.0.1:8000/v1").put("model", "m");
        assertEquals(LlmConfig.DEFAULT_MAX_OUTAGE_MS,
            RunPlans.fromConfig(new JsonObject().put("llm", llm), false).llm().maxOutageMs());
        JsonObject bounded = llm.copy().put("llm-max-outage", 5000);
        assertEquals(5_000, RunPlans.fromConfig(new JsonObject().put("llm", bounded), false).llm().maxOutageMs());
    }

    @Test
    void unknownKeysAndBadFilesAreClearErrors() throws Exception {
        Path conf = dir.resolve("typo.json");
        Files.writeString(conf, "{\"min-exampels\": 5}");
        CliRun r = CliRun.run("run", "--conf", conf.toString(), "--cache", dir.toString());
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("unknown setting(s) [min-exampels]"), r.err());
        CliRun missing = CliRun.run("run", "--conf", dir.resolve("none.json").toString());
        assertEquals(2, missing.exitCode());
        assertTrue(missing.err().contains("no such file"), missing.err());
    }
}
