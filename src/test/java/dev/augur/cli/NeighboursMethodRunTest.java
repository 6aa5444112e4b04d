package dev.augur.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.augur.testing.CliRun;
import dev.augur.testing.TestCache;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --neighbours-method} on {@code run} and {@code records}: --non-activating neighbours
 * without a neighbours file; a run keeps them in {@code <run>/neighbours/} and reuses them.
 */
class NeighboursMethodRunTest {
    @TempDir
    Path dir;
    Path cache;
    Path results;
    Path expl;

    @BeforeEach
    void writeCache() throws Exception {
        cache = dir.resolve("cache");
        TestCache.withPatternTokens(64, 32, 13).randomActivations(6, 3, 60)
            .write(cache, "layers.1", new int[][] {{0, 2}, {3, 5}});
        results = dir.resolve("results");
        expl = Files.createDirectories(dir.resolve("expl"));
        for (int l = 0; l < 6; l++) {
            Files.writeString(expl.resolve("layers.1_latent" + l + ".txt"), "\"pattern " + l + "\"");
        }
    }

    private CliRun run(String... flagsAndValues) {
        return RunPreflightTest.cli(List.of("--cache", cache.toString(), "--tokenizer", RunPreflightTest.TOKENIZER,
            "--results", results.toString(), "--name", "r", "--example-ctx-len", "8", "--min-examples", "20",
            "--n-train", "10", "--n-test", "10", "--n-quantiles", "5", "--n-non-activating", "6",
            "--explainer", "none", "--explanations", expl.toString(), "--scorers", "embedding"), flagsAndValues);
    }

    private CliRun records(String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("records", "--cache", cache.toString(),
            "--example-ctx-len", "8", "--min-examples", "20", "--n-non-activating", "6", "--non-activating",
            "neighbours", "--tokenizer", RunPreflightTest.TOKENIZER));
        args.addAll(List.of(extra));
        return CliRun.run(args.toArray(String[]::new));
    }

    @Test
    void aRunComputesItsNeighboursIntoTheRunFolderAndReusesThem() throws Exception {
        CliRun r = run("--non-activating", "neighbours", "--neighbours-method", "co-occurrence");
        assertEquals(0, r.exitCode(), r.err() + r.out());
        Path file = results.resolve("r/neighbours/layers.1-co-occurrence.json");
        assertTrue(Files.isRegularFile(file), r.err());
        assertTrue(r.err().contains("augur: neighbours of layers.1 (co-occurrence, k 10) -> " + file), r.err());
        var config = new ObjectMapper().readTree(results.resolve("r/run_config.json").toFile());
        assertEquals("co-occurrence", config.get("neighbours-method").asText());
        assertEquals(10, config.get("neighbours-k").asInt());

        FileTime written = Files.getLastModifiedTime(file);
        CliRun again = run("--non-activating", "neighbours", "--neighbours-method", "co-occurrence");
        assertEquals(0, again.exitCode(), again.err());
        assertFalse(again.err().contains("augur: neighbours of"), "reused: " + again.err());
        assertEquals(written, Files.getLastModifiedTime(file));

        // another method's file beside it (a run once resumed with another method): each reads its own
        Files.copy(file, file.resolveSibling("layers.1-decoder_similarity.json"));
        try (var done = Files.list(results.resolve("r/done"))) { // so the records are built again
            for (Path f : done.toList()) {
                Files.delete(f);
            }
        }
        CliRun third = run("--non-activating", "neighbours", "--neighbours-method", "co-occurrence");
        assertEquals(0, third.exitCode(), third.err());
    }

    @Test
    void recordsGiveWhatTheSameNeighboursFromAFileGive() {
        Path out = dir.resolve("nb");
        assertEquals(0, CliRun.run("neighbours", "--cache", cache.toString(), "--method", "co-occurrence",
            "--out", out.toString()).exitCode());
        CliRun fromFile = records("--neighbours", out.toString());
        CliRun computed = records("--neighbours-method", "co-occurrence");
        assertEquals(0, fromFile.exitCode(), fromFile.err());
        assertEquals(0, computed.exitCode(), computed.err());
        assertFalse(computed.out().isBlank());
        assertEquals(fromFile.out(), computed.out());
    }

    @Test
    void theMethodGoesOnlyWithNeighbourNegativesAndWithoutAFile() throws Exception {
        Path nb = Files.writeString(dir.resolve("nb.json"), "{}");
        CliRun[] bad = {
            run("--neighbours-method", "co-occurrence"),
            run("--non-activating", "neighbours", "--neighbours-method", "co-occurrence", "--neighbours", nb.toString()),
            run("--non-activating", "neighbours", "--neighbours-method", "decoder-similarity"),
            run("--non-activating", "neighbours", "--neighbours-method", "co-occurrence", "--neighbours-k", "0"),
            records("--neighbours-method", "nearest"),
        };
        String[] expected = {
            "--neighbours-method co-occurrence is used only with --non-activating neighbours (the source is random)",
            "--neighbours-method co-occurrence computes the neighbours and --neighbours " + nb + " reads them",
            "--neighbours-method decoder-similarity reads the SAE's weights: pass --sae DIR",
            "--neighbours-k: must be at least 1",
            "--neighbours-method: 'nearest' is not one of",
        };
        for (int i = 0; i < bad.length; i++) {
            assertEquals(Augur.EXIT_USAGE, bad[i].exitCode(), bad[i].err());
            assertEquals(1, bad[i].err().lines().count(), bad[i].err());
            assertTrue(bad[i].err().startsWith("augur: error: " + expected[i]), bad[i].err());
            assertEquals("", bad[i].out());
        }
        assertTrue(Files.notExists(results), "nothing written");
    }
}
