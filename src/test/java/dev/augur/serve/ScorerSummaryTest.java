package dev.augur.serve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The dashboard's per-scorer summary of score-only scorers: an AUC histogram, no F1, even when
 * some latent's samples all failed (no AUC).
 */
class ScorerSummaryTest {
    private static Map<String, Object> row(String scorer, Double f1, Double auc) {
        Map<String, Object> s = new HashMap<>();
        s.put("f1", f1);
        s.put("accuracy", f1);
        s.put("auc", auc);
        return Map.of("scores", Map.of(scorer, s));
    }

    @Test
    void surprisalIsSummarisedByItsAuc() {
        Map<String, Object> out = ScorerSummary.of(List.of(row("surprisal", null, 0.85), row("surprisal", null, null),
            row("example_embedding", null, 0.35), row("detection", 0.5, null)));
        Map<?, ?> s = (Map<?, ?>) out.get("surprisal");
        assertEquals("auc", s.get("histogram_of"));
        assertNull(s.get("f1"));
        assertEquals(0.85, (Double) s.get("auc"), 1e-12);
        int[] bins = new int[ScorerSummary.BINS];
        bins[8] = 1;
        assertArrayEquals(bins, (int[]) s.get("histogram"));
        assertEquals("auc", ((Map<?, ?>) out.get("example_embedding")).get("histogram_of"));
        assertEquals("f1", ((Map<?, ?>) out.get("detection")).get("histogram_of"));
    }
}
