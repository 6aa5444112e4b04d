package dev.augur.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augur.cache.LatentCache;
import dev.augur.cache.LatentSelection;
import dev.augur.construct.ConstructorConfig;
import dev.augur.construct.CpuExampleConstructor;
import dev.augur.construct.NonActivatingSource;
import dev.augur.construct.NonActivatingWindow;
import dev.augur.construct.WindowMode;
import dev.augur.sample.SampledExample;
import dev.augur.sample.Sampler;
import dev.augur.sample.SamplerConfig;
import dev.augur.sample.SamplingMode;
import dev.augur.sample.TrainType;
import dev.augur.testing.ScoringRunFixture;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one record build, two drivers: {@link RecordSource} ({@code augur records}) and the
 * pipeline's dataset, construct and sample stages over {@link RecordUnits} give the same
 * records, whatever the unit size.
 */
class RecordBuildersAgreeTest {
    @TempDir
    Path dir;

    /** What a record holds, as text: skip reason, every window's place, activations and quantile. */
    private static String digest(LatentRecord r) {
        StringBuilder b = new StringBuilder(r.name()).append(" skipped=").append(r.skipped());
        b.append(" n=").append(r.examples().nActivations());
        for (NonActivatingWindow w : r.examples().nonActivating()) {
            b.append(" non@").append(w.start()).append('/').append(w.distance());
        }
        if (r.samples() != null) {
            for (List<SampledExample> set : List.of(r.samples().train(), r.samples().test())) {
                b.append(" |");
                for (SampledExample e : set) {
                    b.append(' ').append(e.window().start()).append(':').append(e.quantile())
                        .append(Arrays.toString(e.window().activations())).append(Arrays.toString(e.normalized()));
                }
            }
        }
        return b.toString();
    }

    @Test
    void recordSourceAndTheUnitsOfThePipelineBuildTheSameRecords() throws Exception {
        Path cache = ScoringRunFixture.writeCache(dir);
        ConstructorConfig c = new ConstructorConfig(8, 20, 0, 12, WindowMode.ALIGNED, NonActivatingSource.RANDOM, 22);
        SamplerConfig s = new SamplerConfig(TrainType.QUANTILES, 10, 20, 5, 0.2, SamplingMode.DISJOINT, 22);
        RecordSettings settings = new RecordSettings(List.of(), Map.of(RecordSettings.ANY_MODULE,
            LatentSelection.all()), c, s, null);
        List<String> bySource = new ArrayList<>();
        RecordSource source = new RecordSource(LatentCache.open(cache), settings, new CpuExampleConstructor());
        source.forEachBatch(batch -> batch.records().forEach(r -> bySource.add(digest(r))));
        assertEquals(4, source.stats().selected());
        assertTrue(bySource.size() >= 2, bySource.toString());

        for (int unitSize : new int[] {1, 3, 32}) {
            RecordUnits units = new RecordUnits(LatentCache.open(cache), settings);
            List<String> byUnits = new ArrayList<>();
            long dead = 0;
            for (RecordUnits.Unit unit : units.plan(unitSize)) {
                RecordUnits.Loaded loaded = units.load(unit);
                dead += loaded.dead();
                RecordUnits.sample(new Sampler(s), new CpuExampleConstructor().construct(loaded.batch()), true)
                    .forEach(r -> byUnits.add(digest(r)));
            }
            assertEquals(bySource, byUnits, "unit size " + unitSize);
            assertEquals(source.stats().dead(), dead);
        }
    }
}
