package dev.augur.metrics;

import static dev.augur.metrics.MetricsTestSamples.act;
import static dev.augur.metrics.MetricsTestSamples.non;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augur.AugurException;
import java.util.List;
import org.junit.jupiter.api.Test;

class LatentMetricsTest {
    private static final double EPS = 1e-12;
    private static final LatentName L = new LatentName("layers.5.mlp", 3);

    /** 3 TP, 1 FN, 2 TN, 1 FP, 1 failed (null prediction). */
    private static List<ScoreSample> mixed() {
        return List.of(
            act(0, true, 0.9), act(1, false, 0.4), act(1, true, 0.8), act(2, true, 0.7),
            non(false, 0.1), non(true, 0.7), non(false, 0.2), non(null, null));
    }

    @Test
    void confusionAndRatiosByHand() {
        LatentMetrics m = LatentMetrics.of(L, mixed());
        Confusion c = m.confusion();
        assertEquals(new Confusion(3, 2, 1, 1, 1), c);
        assertEquals(8, m.samples());
        assertEquals(4, c.positives());
        assertEquals(3, c.negatives());
        assertEquals(0.75, c.truePositiveRate(), EPS);            // 3/4
        assertEquals(2.0 / 3, c.trueNegativeRate(), EPS);         // 2/3
        assertEquals((0.75 + 2.0 / 3) / 2, m.balancedAccuracy(), EPS);
        assertEquals(0.75, m.precision(), EPS);                   // 3/(3+1)
        assertEquals(0.75, m.recall(), EPS);
        assertEquals(0.75, m.f1(), EPS);                          // 2*.75*.75/1.5
        assertEquals(5.0 / 7, m.accuracy(), EPS);                 // (3+2)/7
        assertFalse(m.scoreOnly());
    }

    @Test
    void aucWithTiesByHand() {
        // positives .9 .4 .8 .7, negatives .1 .7 .2: wins 3 + 2 + 3 + 2, one tie (.7/.7) = 10.5 of 12
        assertEquals(10.5 / 12, LatentMetrics.of(L, mixed()).auc(), EPS);
        // all tied: every pair counts one half
        assertEquals(0.5, Auc.of(List.of(act(0, null, 0.5), act(0, null, 0.5), non(null, 0.5))), EPS);
        // perfect separation, and its reverse
        assertEquals(1.0, Auc.of(List.of(act(0, null, 0.9), non(null, 0.1))), EPS);
        assertEquals(0.0, Auc.of(List.of(act(0, null, 0.1), non(null, 0.9))), EPS);
        // pos {.5,.6}, neg {0,.6}: 1 + (1 + .5) = 2.5 of 4
        assertEquals(0.625, Auc.of(List.of(act(0, null, 0.5), act(0, null, 0.6),
            non(null, 0.0), non(null, 0.6))), EPS);
    }

    @Test
    void aucIsNullWithoutProbabilitiesOrWithOneClass() {
        assertNull(Auc.of(List.of(act(0, true, null), non(false, null))));
        assertNull(Auc.of(List.of(act(0, true, 0.3), act(1, true, 0.9))));
        assertNull(Auc.of(List.of()));
        // samples without a probability are left out, not counted as 0
        assertEquals(1.0, Auc.of(List.of(act(0, true, 0.9), non(true, null), non(false, 0.2))), EPS);
    }

    @Test
    void perQuantileAndNonActivatingAccuracy() {
        LatentMetrics m = LatentMetrics.of(L, mixed());
        assertEquals(List.of(0, 1, 2), List.copyOf(m.perQuantile().keySet()));
        assertEquals(new Accuracy(1, 1), m.perQuantile().get(0));
        assertEquals(new Accuracy(1, 2), m.perQuantile().get(1));
        assertEquals(0.5, m.perQuantile().get(1).accuracy(), EPS);
        assertEquals(new Accuracy(1, 1), m.perQuantile().get(2));
        // the failed non-activating sample is not counted
        assertEquals(new Accuracy(2, 3), m.nonActivating());
    }

    @Test
    void zeroDenominatorsGiveZero() {
        // every answer failed
        LatentMetrics failed = LatentMetrics.of(L, List.of(act(0, null, null), non(null, null)));
        assertEquals(new Confusion(0, 0, 0, 0, 2), failed.confusion());
        assertEquals(0, failed.f1());
        assertEquals(0, failed.balancedAccuracy());
        assertEquals(0, failed.precision());
        assertEquals(0, failed.recall());
        assertEquals(0, failed.accuracy());
        assertEquals(0, failed.nonActivating().accuracy());
        assertNull(failed.auc());
        assertFalse(failed.scoreOnly());
        // only negatives, all right: TPR 0 (no positives), TNR 1, precision 0 (nothing predicted positive)
        Confusion neg = Confusion.of(List.of(non(false, null), non(false, null)));
        assertEquals(0, neg.truePositiveRate());
        assertEquals(1, neg.trueNegativeRate());
        assertEquals(0.5, neg.balancedAccuracy(), EPS);
        assertEquals(0, neg.precision());
        assertEquals(0, neg.f1());
        assertEquals(1, neg.accuracy());
        // only positives, all predicted negative
        Confusion pos = Confusion.of(List.of(act(0, false, null)));
        assertEquals(0, pos.trueNegativeRate());
        assertEquals(0, pos.f1());
        assertEquals(LatentMetrics.of(L, List.of()).confusion(), Confusion.EMPTY);
    }

    @Test
    void f1ByHandWhenPrecisionAndRecallDiffer() {
        // TP 1, FN 1, TN 1: precision 1, recall .5, F1 = 2*.5/1.5
        Confusion c = Confusion.of(List.of(act(0, true, null), act(0, false, null), non(false, null)));
        assertEquals(1, c.precision(), EPS);
        assertEquals(0.5, c.recall(), EPS);
        assertEquals(2.0 / 3, c.f1(), EPS);
        assertEquals(0.75, c.balancedAccuracy(), EPS);
    }

    @Test
    void embeddingIsScoreOnly() {
        LatentMetrics m = LatentMetrics.of(L, List.of(act(0, null, 0.9), act(0, null, 0.3),
            non(null, 0.3), non(null, 0.1)));
        assertTrue(m.scoreOnly());
        assertEquals(3.5 / 4, m.auc(), EPS);
        assertEquals(4, m.confusion().failed());
    }

    @Test
    void latentNames() {
        assertEquals(new LatentName("layers.5.mlp", 3), LatentName.parse("layers.5.mlp_latent3"));
        assertEquals(new LatentName("model/h.0", 12), LatentName.parse("model--h.0_latent12"));
        assertEquals(new LatentName("a_latent_b", 7), LatentName.parse("a_latent_b_latent7"));
        assertEquals("model--h.0_latent12", new LatentName("model/h.0", 12).fileStem());
        assertThrows(AugurException.class, () -> LatentName.parse("layers.5.mlp"));
        assertThrows(AugurException.class, () -> LatentName.parse("layers.5.mlp_latentx"));
        assertThrows(AugurException.class, () -> LatentName.parse("m_latent-1"));
        assertTrue(new LatentName("a", 2).compareTo(new LatentName("a", 10)) < 0);
    }
}
