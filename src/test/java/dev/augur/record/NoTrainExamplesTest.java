package dev.augur.record;

import dev.augur.testing.ScoringRunFixture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augur.cache.LatentCache;
import dev.augur.cache.LatentSelection;
import dev.augur.construct.ConstructorConfig;
import dev.augur.construct.CpuExampleConstructor;
import dev.augur.construct.NonActivatingSource;
import dev.augur.construct.WindowMode;
import dev.augur.sample.Sampler;
import dev.augur.sample.SamplerConfig;
import dev.augur.sample.SamplingMode;
import dev.augur.sample.TrainType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A latent whose train set comes out empty (min_examples 1: disjoint sampling gives its few
 * examples to the test set) is skipped with "no train examples", the same way by both record
 * builders, and counted apart from the too-rare ones.
 */
class NoTrainExamplesTest {
    @TempDir
    static Path dir;
    static LatentCache cache;
    static RecordSettings settings;

    @BeforeAll
    static void setUp() throws Exception {
        cache = LatentCache.open(ScoringRunFixture.writeCache(dir));
        // latent 2 fires 5 times, in at most 5 examples: the test set (20 from one quantile) takes them all
        settings = new RecordSettings(List.of(), Map.of(RecordSettings.ANY_MODULE, LatentSelection.parse("0,1,2")),
            new ConstructorConfig(8, 1, 0, 12, WindowMode.ALIGNED, NonActivatingSource.RANDOM, 22),
            new SamplerConfig(TrainType.QUANTILES, 10, 20, 1, 0.2, SamplingMode.DISJOINT, 22), null);
    }

    private static List<LatentRecord> fromSource(RecordSource source) {
        List<LatentRecord> out = new ArrayList<>();
        source.forEachBatch(b -> out.addAll(b.records()));
        return out;
    }

    private static List<LatentRecord> fromUnits(boolean needsTrain) {
        RecordUnits units = new RecordUnits(cache, settings);
        Sampler sampler = new Sampler(settings.sampler());
        List<LatentRecord> out = new ArrayList<>();
        for (RecordUnits.Unit u : units.plan(2)) {
            RecordUnits.Loaded loaded = units.load(u);
            out.addAll(RecordUnits.sample(sampler, new CpuExampleConstructor().construct(loaded.batch()), needsTrain));
        }
        return out;
    }

    @Test
    void aLatentWithNoTrainExampleIsSkippedAndCounted() {
        RecordSource source = new RecordSource(cache, settings, new CpuExampleConstructor());
        List<LatentRecord> records = fromSource(source);
        assertEquals(3, records.size());
        LatentRecord rare = records.get(2);
        assertTrue(rare.isSkipped());
        assertEquals(LatentRecord.NO_TRAIN_EXAMPLES, rare.skipped());
        assertTrue(rare.samples().train().isEmpty());
        assertFalse(rare.samples().test().isEmpty(), "its examples all went to the test set");
        assertFalse(records.get(0).isSkipped());
        assertFalse(records.get(1).isSkipped());
        assertEquals(1, source.stats().noTrainExamples());
        assertEquals(0, source.stats().tooRare());
        assertEquals(2, source.stats().built());
        assertTrue(source.stats().toString().contains("no train examples 1"), source.stats().toString());
    }

    @Test
    void bothRecordBuildersSkipTheSameLatentsForTheSameReason() {
        List<LatentRecord> a = fromSource(new RecordSource(cache, settings, new CpuExampleConstructor()));
        List<LatentRecord> b = fromUnits(true);
        assertEquals(a.stream().map(LatentRecord::skipped).toList(), b.stream().map(LatentRecord::skipped).toList());
        assertEquals(LatentRecord.NO_TRAIN_EXAMPLES, b.get(2).skipped());
        RecordStats stats = new RecordStats();
        b.forEach(stats::count);
        assertEquals(1, stats.noTrainExamples());
        assertEquals(2, stats.built());
    }

    @Test
    void aRunThatLoadsItsExplanationsKeepsTheLatent() {
        List<LatentRecord> a = fromSource(new RecordSource(cache, settings, new CpuExampleConstructor())
            .needingTrain(false));
        List<LatentRecord> b = fromUnits(false);
        for (List<LatentRecord> records : List.of(a, b)) {
            LatentRecord rare = records.get(2);
            assertNull(rare.skipped());
            assertTrue(rare.samples().train().isEmpty());
            assertFalse(rare.samples().test().isEmpty());
        }
    }
}
