package dev.augur.construct;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augur.cache.DType;
import dev.augur.record.LatentRecord;
import dev.augur.sample.SampledExample;
import dev.augur.sample.SamplerConfig;
import dev.augur.sample.SamplingMode;
import dev.augur.sample.TrainType;
import dev.augur.testing.Records;
import dev.augur.testing.TestCache;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

/** Properties every record must have, over random caches in every file layout. */
class ExamplePropertiesTest {
    private static final int N_SEQ = 24;
    private static final int L = 64;
    private static final int C = 16;
    private static final int WIDTH = 60;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} windows, locations {1}, tokens {2}, seed {3}")
    @CsvSource({"ALIGNED,U16,I64,1", "ALIGNED,U32,I32,2", "CENTERED,U16,I32,3",
        "CENTERED,I64,I64,4", "ALIGNED,I32,I64,5"})
    void recordsHoldTheCachedTruth(WindowMode mode, DType locations, DType tokensDtype, long seed)
        throws Exception {
        TestCache cache = TestCache.withPatternTokens(N_SEQ, L, 5000)
            .randomActivations(WIDTH, seed, 400).locationsDtype(locations).tokensDtype(tokensDtype);
        cache.write(dir, "blocks/3/mlp", new int[][] {{0, 19}, {20, 44}, {45, WIDTH - 1}});
        Map<Integer, Map<Long, Float>> truth = new HashMap<>();
        cache.acts().forEach(a -> truth.computeIfAbsent(a.latent(), k -> new HashMap<>())
            .put((long) a.seq() * L + a.pos(), a.value()));

        ConstructorConfig cfg = new ConstructorConfig(C, 10, 0, 20, mode, NonActivatingSource.RANDOM, seed);
        SamplerConfig sc = new SamplerConfig(TrainType.QUANTILES, 20, 20, 5, 0.2, SamplingMode.DISJOINT, seed);
        Records.Built built = Records.source(dir, "all", cfg, sc, null);
        List<LatentRecord> records = built.records();

        long live = truth.keySet().size();
        assertEquals(WIDTH, built.source().stats().selected());
        assertEquals(WIDTH - live, built.source().stats().dead());
        assertEquals(live, records.size());
        int checkedRecords = 0;
        for (LatentRecord r : records) {
            assertEquals("blocks--3--mlp_latent" + r.latent(), r.name());
            Map<Long, Float> acts = truth.get(r.latent());
            assertEquals(acts.size(), r.examples().nActivations());
            if (LatentRecord.NO_TRAIN_EXAMPLES.equals(r.skipped())) {
                // the test set took every example: construction's truth still holds, checked below
                assertTrue(r.samples().train().isEmpty() && !r.samples().test().isEmpty());
            } else if (r.isSkipped()) {
                assertTrue(r.examples().skipped().startsWith("too few examples"));
                continue;
            }
            checkedRecords++;
            List<ExampleWindow> ex = r.examples().examples();
            for (int i = 1; i < ex.size(); i++) {
                assertTrue(ex.get(i - 1).maxActivation() >= ex.get(i).maxActivation(), "sorted");
            }
            for (ExampleWindow w : ex) {
                assertTrue(w.start() >= 0 && w.start() + C <= (long) N_SEQ * L);
                assertEquals(w.start() / L, (w.start() + C - 1) / L, "inside one sequence");
                if (mode == WindowMode.ALIGNED) {
                    assertEquals(0, w.start() % C);
                }
                for (int k = 0; k < C; k++) {
                    long flat = w.start() + k;
                    assertEquals(cache.tokens()[(int) flat], w.tokens()[k], "token");
                    assertEquals(acts.getOrDefault(flat, 0f), w.activations()[k], "activation");
                }
            }
            // non-activating windows hold no activation of this latent and are distinct
            Set<Long> starts = new HashSet<>();
            for (NonActivatingWindow n : r.examples().nonActivating()) {
                assertTrue(starts.add(n.start()));
                assertEquals(-1f, n.distance());
                assertEquals(0, n.start() % C);
                for (int k = 0; k < C; k++) {
                    assertFalse(acts.containsKey(n.start() + k), "latent fires in a negative");
                    assertEquals(cache.tokens()[(int) (n.start() + k)], n.tokens()[k]);
                    assertEquals(0f, n.activations()[k]);
                }
            }
            assertTrue(r.examples().nonActivating().size() == 20
                || r.examples().note().contains("no available"));
            // quantile tags follow the ranking; train and test never share a window
            checkQuantiles(r.samples().test());
            checkQuantiles(r.samples().train());
            Set<Long> test = new HashSet<>();
            r.samples().test().forEach(s -> test.add(s.window().start()));
            r.samples().train().forEach(s -> assertFalse(test.contains(s.window().start()), "disjoint"));
            for (SampledExample s : r.samples().train()) {
                for (int k = 0; k < C; k++) {
                    int n = s.normalized()[k];
                    assertTrue(n >= 0 && n <= 10);
                    assertEquals(s.window().activations()[k] > 0, n > 0);
                }
            }
        }
        assertTrue(checkedRecords > 5, "enough live records: " + checkedRecords);

        // same seed, same output; and independent of batch boundaries (one latent at a time)
        List<LatentRecord> again = Records.build(dir, "all", cfg, sc, null);
        LatentRecord some = records.stream().filter(r -> !r.isSkipped()).findFirst().orElseThrow();
        LatentRecord alone = Records.build(dir, String.valueOf(some.latent()), cfg, sc, null).get(0);
        for (LatentRecord pair : List.of(again.get(records.indexOf(some)), alone)) {
            assertEquals(starts(some.samples().train()), starts(pair.samples().train()));
            assertEquals(starts(some.samples().test()), starts(pair.samples().test()));
            assertEquals(some.examples().nonActivating().stream().map(NonActivatingWindow::start).toList(),
                pair.examples().nonActivating().stream().map(NonActivatingWindow::start).toList());
            assertArrayEquals(some.examples().examples().get(0).activations(),
                pair.examples().examples().get(0).activations());
        }
    }

    private static List<Long> starts(List<SampledExample> list) {
        return list.stream().map(s -> s.window().start()).toList();
    }

    private static void checkQuantiles(List<SampledExample> set) {
        for (SampledExample a : set) {
            for (SampledExample b : set) {
                if (a.quantile() < b.quantile()) {
                    assertTrue(a.window().maxActivation() >= b.window().maxActivation(),
                        "quantile " + a.quantile() + " weaker than " + b.quantile());
                }
            }
        }
    }
}
