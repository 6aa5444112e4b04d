package dev.augur.embed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The real in-process model (no download): vectors and their similarities make sense. */
class MiniLmEmbedderTest {
    @Test
    void similarTextsAreCloserThanUnrelatedOnes() {
        SentenceEmbedder e = MiniLmEmbedder.shared();
        List<float[]> v = e.embed(List.of("Words related to football",
            "The striker scored a goal in the last minute of the match",
            "The price of bread went up again this winter", ""));
        assertEquals(384, v.get(0).length);
        double football = SentenceEmbedder.cosine(v.get(0), v.get(1));
        double bread = SentenceEmbedder.cosine(v.get(0), v.get(2));
        assertTrue(football > bread + 0.1, football + " vs " + bread);
        assertEquals(1.0, SentenceEmbedder.cosine(v.get(0), v.get(0)), 1e-5);
        assertArrayEquals(v.get(1), e.embed(List.of("The striker scored a goal in the last minute of the match")).get(0), 1e-6f);
    }

    @Test
    void cosineIsScaleFreeAndZeroForAZeroVector() {
        assertEquals(1.0, SentenceEmbedder.cosine(new float[] {1, 2}, new float[] {2, 4}), 1e-12);
        assertEquals(0.0, SentenceEmbedder.cosine(new float[] {1, 0}, new float[] {0, 3}), 1e-12);
        assertEquals(0.0, SentenceEmbedder.cosine(new float[] {0, 0}, new float[] {1, 1}), 1e-12);
    }
}
