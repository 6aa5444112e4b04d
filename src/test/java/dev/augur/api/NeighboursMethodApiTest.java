package dev.augur.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augur.AugurException;
import dev.augur.cache.LatentCache;
import dev.augur.construct.ConstructorConfig;
import dev.augur.construct.NonActivatingSource;
import dev.augur.neighbours.CoOccurrence;
import dev.augur.neighbours.NeighbourMethod;
import dev.augur.neighbours.NeighboursFile;
import dev.augur.score.ScorerKind;
import dev.augur.testing.ScoringRunFixture;
import dev.augur.testing.TestCache;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import dev.augur.record.LatentRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Java API computes neighbours as {@code --neighbours-method} does: into the run folder. */
class NeighboursMethodApiTest {
    @TempDir
    Path dir;

    private AugurPipelineBuilder builder(Path cache, NonActivatingSource source) {
        return AugurPipeline.builder().cache(cache).tokenizer(ScoringRunFixture.TOKENIZER)
            .constructor(ConstructorConfig.defaults().withExampleCtxLen(8).withMinExamples(20)
                .withNonActivating(source))
            .scorer(ScorerKind.EXAMPLE_EMBEDDING);
    }

    @Test
    void buildWritesTheModulesNeighboursIntoTheRunFolder() throws Exception {
        Path cache = dir.resolve("cache"); // latents that fire at shared positions, so they have neighbours
        TestCache.withPatternTokens(64, 32, 13).randomActivations(6, 3, 60)
            .write(cache, "layers.1", new int[][] {{0, 2}, {3, 5}});
        Path run = dir.resolve("run");
        try (AugurPipeline p = builder(cache, NonActivatingSource.NEIGHBOURS)
                .neighboursMethod(NeighbourMethod.CO_OCCURRENCE, 3, null).output(run, false).build()) {
            Path file = run.resolve("neighbours/layers.1-co-occurrence.json");
            assertTrue(Files.isRegularFile(file));
            Path expected = dir.resolve("expected.json");
            NeighboursFile.write(expected, CoOccurrence.compute(LatentCache.open(cache).module("layers.1"), 3));
            assertArrayEquals(Files.readAllBytes(expected), Files.readAllBytes(file));
            // and the run draws its negatives from them: neighbour windows carry -(Jaccard) distances
            List<LatentRecord> records = new ArrayList<>();
            p.runAll(records::add, r -> { });
            assertFalse(records.isEmpty());
            assertTrue(records.stream().anyMatch(r -> r.examples().nonActivating().stream().anyMatch(x -> x.distance() > -1
                && x.distance() < 0)), "some negative comes from a neighbour");
        }
    }

    @Test
    void wrongCombinationsAreOneLineErrorsBeforeAnythingIsWritten() throws Exception {
        Path cache = ScoringRunFixture.writeCache(dir);
        Path run = dir.resolve("run");
        assertThrows(AugurException.class, () -> builder(cache, NonActivatingSource.NEIGHBOURS)
            .neighboursMethod(NeighbourMethod.CO_OCCURRENCE, 0, null));
        assertThrows(AugurException.class, () -> builder(cache, NonActivatingSource.NEIGHBOURS)
            .neighboursMethod(NeighbourMethod.DECODER_SIMILARITY, 10, null));
        AugurException notNeighbours = assertThrows(AugurException.class, () -> builder(cache,
            NonActivatingSource.RANDOM).neighboursMethod(NeighbourMethod.CO_OCCURRENCE, 10, null)
            .output(run, false).build());
        assertTrue(notNeighbours.getMessage().contains("neighbour negatives"), notNeighbours.getMessage());
        assertFalse(Files.exists(run.resolve("neighbours")));
    }
}
