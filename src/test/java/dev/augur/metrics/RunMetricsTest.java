package dev.augur.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augur.AugurException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunMetricsTest {
    private static final double EPS = 1e-12;

    @TempDir
    Path tmp;

    @Test
    void delphiRunByHand() throws Exception {
        RunMetrics m = RunMetrics.compute(ScoreFilesTest.delphiRun());
        assertEquals(List.of("detection", "fuzz"), List.copyOf(m.scorers().keySet()));
        // no latents.jsonl / run_stats.json / explanations: every count is n/a
        RunInfo info = m.info();
        assertNull(info.nActivations());
        assertNull(info.selected());
        assertNull(info.dead());
        assertNull(info.tooRare());
        assertNull(info.built());
        assertNull(info.explained());

        ScorerMetrics d = m.scorers().get("detection");
        assertEquals(2, d.latents().size());
        // latent3: TP 3 TN 2 FP 1 FN 1 failed 1; latent7: TP 1 TN 1 FN 1 failed 1
        assertEquals(new Confusion(4, 3, 1, 2, 2), d.confusion());
        assertEquals((4.0 / 6 + 3.0 / 4) / 2, d.confusion().balancedAccuracy(), EPS);
        assertEquals(0.8, d.confusion().precision(), EPS);
        assertEquals(4.0 / 6, d.confusion().recall(), EPS);
        assertEquals(8.0 / 11, d.confusion().f1(), EPS);
        assertEquals(0.7, d.confusion().accuracy(), EPS);
        assertEquals(0.875, d.auc(), EPS); // only latent3 has probabilities
        assertEquals(new Accuracy(2, 3), d.perQuantile().get(0));
        assertEquals(new Accuracy(1, 2), d.perQuantile().get(1));
        assertEquals(new Accuracy(1, 1), d.perQuantile().get(2));
        assertEquals(new Accuracy(3, 4), d.nonActivating());
        assertNull(d.frequencyWeightedF1());
        ScorerMetrics.Means mean = d.mean();
        assertEquals(2, mean.latents());
        assertEquals((0.75 + 2.0 / 3) / 2, mean.f1(), EPS);
        assertEquals(((0.75 + 2.0 / 3) / 2 + 0.75) / 2, mean.balancedAccuracy(), EPS);
        assertEquals(0.875, mean.precision(), EPS);
        assertEquals(0.625, mean.recall(), EPS);
        assertEquals((5.0 / 7 + 2.0 / 3) / 2, mean.accuracy(), EPS);
        assertEquals(1, mean.latentsWithAuc());
        assertEquals(0.875, mean.auc(), EPS);

        ScorerMetrics f = m.scorers().get("fuzz");
        assertEquals(new Confusion(2, 1, 1, 0, 1), f.confusion());
        assertEquals(0.8, f.confusion().f1(), EPS);
        assertEquals(0.75, f.confusion().balancedAccuracy(), EPS);
        assertEquals(0.625, f.auc(), EPS);
        assertEquals(new LatentName("layers.5.mlp", 3), f.latents().get(0).latent());
    }

    @Test
    void augurRunWeightsAndCounts() throws Exception {
        RunMetrics m = RunMetrics.compute(TestRuns.augurRun(tmp));
        assertEquals(10L, m.info().selected());
        assertEquals(2L, m.info().dead());
        assertEquals(1L, m.info().tooRare());
        assertEquals(7L, m.info().built());
        assertEquals(3, m.info().explained());
        ScorerMetrics d = m.scorers().get("detection");
        assertEquals(List.of("layers.0_latent1", "layers.0_latent2", "layers.1--attn_latent0"),
            d.latents().stream().map(l -> l.latent().fileStem()).toList());
        assertEquals(new LatentName("layers.1/attn", 0), d.latents().get(2).latent());
        assertEquals(new Confusion(2, 3, 0, 2, 1), d.confusion());
        assertEquals(TestRuns.FREQ_WEIGHTED_F1, d.frequencyWeightedF1(), EPS);
        assertNull(d.auc());
        assertFalse(d.scoreOnly());

        ScorerMetrics e = m.scorers().get("embedding");
        assertTrue(e.scoreOnly());
        assertEquals(0.875, e.auc(), EPS);
        assertNull(e.frequencyWeightedF1());
        assertNull(e.mean().f1());
    }

    @Test
    void frequencyWeightsIgnoreUnknownLatentsAndEmptyModules() {
        LatentMetrics a = LatentMetrics.of(new LatentName("m", 0),
            List.of(MetricsTestSamples.act(0, true, null)));                       // F1 1
        LatentMetrics b = LatentMetrics.of(new LatentName("m", 1),
            List.of(MetricsTestSamples.act(0, false, null)));                      // F1 0
        LatentMetrics c = LatentMetrics.of(new LatentName("n", 0),
            List.of(MetricsTestSamples.act(0, false, null)));                      // weight 0
        Map<LatentName, Long> w = Map.of(a.latent(), 1L, b.latent(), 3L, c.latent(), 0L);
        assertEquals(0.25, ScorerMetrics.frequencyWeightedF1(List.of(a, b, c), w), EPS);
        assertNull(ScorerMetrics.frequencyWeightedF1(List.of(a), Map.of()));
        assertNull(ScorerMetrics.frequencyWeightedF1(List.of(a), null));
    }

    @Test
    void badRunsAreUserErrors() throws Exception {
        AugurException e = assertThrows(AugurException.class, () -> RunMetrics.compute(tmp.resolve("nope")));
        assertTrue(e.getMessage().contains("run folder not found"), e.getMessage());
        e = assertThrows(AugurException.class, () -> RunMetrics.compute(tmp));
        assertTrue(e.getMessage().contains("no scores folder"), e.getMessage());
        Files.createDirectories(tmp.resolve("scores/fuzz"));
        e = assertThrows(AugurException.class, () -> RunMetrics.compute(tmp));
        assertTrue(e.getMessage().contains("no score files"), e.getMessage());
        Files.writeString(tmp.resolve("scores/fuzz/notalatent.txt"), "[]");
        e = assertThrows(AugurException.class, () -> RunMetrics.compute(tmp));
        assertTrue(e.getMessage().contains("notalatent.txt"), e.getMessage());
        Files.delete(tmp.resolve("scores/fuzz/notalatent.txt"));
        Files.writeString(tmp.resolve("scores/fuzz/m_latent0.txt"), "[]");
        Files.writeString(tmp.resolve("latents.jsonl"), "{\"module\": \"m\", \"index\": 0, \"n_activations\": 4}\nnot json\n");
        e = assertThrows(AugurException.class, () -> RunMetrics.compute(tmp));
        assertTrue(e.getMessage().contains("latents.jsonl: line 2"), e.getMessage());
    }
}
