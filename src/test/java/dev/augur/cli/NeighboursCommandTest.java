package dev.augur.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augur.cache.LatentCache;
import dev.augur.construct.Neighbours;
import dev.augur.neighbours.CoOccurrence;
import dev.augur.neighbours.NeighbourTable;
import dev.augur.testing.CliRun;
import dev.augur.testing.TestCache;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code augur neighbours}: delphi's file where delphi puts it; bad input is one line, exit 2, nothing written. */
class NeighboursCommandTest {
    @TempDir
    Path dir;
    Path cache;

    @BeforeEach
    void writeCache() throws Exception {
        cache = dir.resolve("cache");
        TestCache.withPatternTokens(16, 16, 100).randomActivations(24, 5, 60)
            .write(cache, "layers.1/mlp", new int[][] {{0, 11}, {12, 23}});
    }

    @Test
    void writesDelphisFileInTheOutFolderReadableAsNeighbours() {
        Path out = dir.resolve("nb");
        CliRun r = CliRun.run("neighbours", "--cache", cache.toString(), "--module", "layers.1/mlp",
            "--method", "co-occurrence", "--k", "3", "--out", out.toString());
        assertEquals(0, r.exitCode(), r.err());
        Path file = out.resolve("layers.1--mlp-co-occurrence.json");
        assertTrue(Files.isRegularFile(file), r.err());
        assertTrue(r.err().startsWith("augur neighbours: layers.1/mlp co-occurrence, 24 latents ("), r.err());
        NeighbourTable expected = CoOccurrence.compute(LatentCache.open(cache).module("layers.1/mlp"), 3, 1);
        Neighbours read = Neighbours.read(file);
        for (int l = 0; l < 24; l++) {
            assertEquals(expected.count(l), read.of(l).size(), "latent " + l);
            for (int i = 0; i < expected.count(l); i++) {
                assertEquals(expected.neighbour(l, i), read.of(l).get(i).latent());
                assertEquals(expected.value(l, i), (float) read.of(l).get(i).distance());
            }
        }
        assertEquals(0, read.of(0).size(), "dead latent 0: empty list");
        assertEquals(file, Neighbours.locate(out, "layers.1/mlp"), "--neighbours finds it");
    }

    @Test
    void aJsonOutIsTheFileItself() {
        Path out = dir.resolve("sub/x.json");
        CliRun r = CliRun.run("neighbours", "--cache", cache.toString(), "--method", "co-occurrence",
            "--out", out.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(Files.isRegularFile(out));
    }

    @Test
    void badInputIsOneLineExitTwoNothingWritten() throws Exception {
        Path out = dir.resolve("out");
        Path file = dir.resolve("a-file");
        Files.writeString(file, "x");
        String[][] cases = {
            {"--cache", dir.resolve("none").toString(), "--method", "co-occurrence"},
            {"--cache", cache.toString(), "--module", "layers.9", "--method", "co-occurrence"},
            {"--cache", cache.toString(), "--method", "co-occurrence", "--k", "0"},
            {"--cache", cache.toString(), "--method", "cosine"},
            {"--cache", cache.toString(), "--method", "decoder-similarity"},
            {"--cache", cache.toString(), "--method", "encoder-similarity", "--sae", file.toString()},
            {"--cache", cache.toString(), "--method", "co-occurrence", "--sae", dir.toString()},
            {"--cache", cache.toString(), "--method", "co-occurrence", "--out", file.resolve("x").toString()},
        };
        String[] expected = {"--cache", "--module layers.9", "--k: must be at least 1", "--method: 'cosine'",
            "--method decoder-similarity reads the SAE's weights", "--sae " + file, "--sae " + dir,
            "--out " + file.resolve("x")};
        for (int c = 0; c < cases.length; c++) {
            boolean ownOut = java.util.List.of(cases[c]).contains("--out");
            String[] args = Stream.concat(ownOut ? Stream.of("neighbours") : Stream.of("neighbours", "--out",
                out.toString()), Stream.of(cases[c])).toArray(String[]::new);
            CliRun r = CliRun.run(args);
            assertEquals(Augur.EXIT_USAGE, r.exitCode(), "case " + c + ": " + r.err());
            assertTrue(r.err().startsWith("augur: error: " + expected[c]), "case " + c + ": " + r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertFalse(Files.exists(out), "case " + c + " wrote nothing");
        }
    }
}
