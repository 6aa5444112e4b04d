package dev.augur.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augur.AugurException;
import java.util.BitSet;
import org.junit.jupiter.api.Test;

class LatentSelectionTest {
    private static String resolved(String spec, int width) {
        return LatentSelection.parse(spec).resolve("m", width).toString();
    }

    @Test
    void readsAllRangesIndicesAndLists() {
        assertTrue(LatentSelection.parse("all").isAll());
        assertTrue(LatentSelection.parse(" ALL ").isAll());
        assertEquals("{0, 1, 2, 7, 9}", resolved("0:3, 7,9", 10));
        assertEquals("{4}", resolved("4:5", 10));
    }

    @Test
    void aSelectionNeverMeansNothing() {
        for (String spec : new String[] {"", "  ", null}) {
            AugurException e = assertThrows(AugurException.class, () -> LatentSelection.parse(spec));
            assertTrue(e.getMessage().startsWith("--latents: the selection is empty"), e.getMessage());
        }
        AugurException e = assertThrows(AugurException.class, () -> LatentSelection.parse("3:3"));
        assertEquals("--latents: range '3:3' selects no latent (write start:end with 0 <= start < end; "
            + "end is exclusive)", e.getMessage());
        assertThrows(AugurException.class, () -> LatentSelection.parse("5:2"));
        e = assertThrows(AugurException.class, () -> LatentSelection.parse("0:3,,5"));
        assertEquals("--latents '0:3,,5': an empty item between commas", e.getMessage());
        assertThrows(AugurException.class, () -> LatentSelection.parse("0:3,"));
        assertThrows(AugurException.class, () -> LatentSelection.parse("-1"));
    }

    @Test
    void aUnionHoldsTheLatentsOfBoth() {
        LatentSelection u = LatentSelection.parse("0:2").union(LatentSelection.parse("5"));
        BitSet expected = new BitSet();
        expected.set(0, 2);
        expected.set(5);
        assertEquals(expected, u.resolve("m", 10));
        assertEquals("0:2,5", u.toString());
        assertTrue(LatentSelection.parse("3").union(LatentSelection.all()).isAll());
        assertTrue(LatentSelection.all().union(LatentSelection.parse("3")).isAll());
    }
}
