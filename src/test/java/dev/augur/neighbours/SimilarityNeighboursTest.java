package dev.augur.neighbours;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augur.AugurException;
import dev.augur.cache.DType;
import dev.augur.construct.Device;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Similarity neighbours on the CPU from generated weights in both layouts and three dtypes,
 * against a brute-force cosine in double: same neighbours in the same order (exact ties to the
 * lower index), values within float rounding, zero rows with no neighbours and never a neighbour.
 */
class SimilarityNeighboursTest {
    @TempDir
    Path dir;

    static void assertMatches(List<List<SaeFixtures.Expected>> expected, NeighbourTable t) {
        assertEquals(expected.size(), t.width());
        for (int l = 0; l < t.width(); l++) {
            List<SaeFixtures.Expected> e = expected.get(l);
            assertEquals(e.size(), t.count(l), "latent " + l);
            for (int i = 0; i < e.size(); i++) {
                assertEquals(e.get(i).index(), t.neighbour(l, i), "latent " + l + " #" + i);
                assertEquals(e.get(i).cosine(), t.value(l, i), 2e-6, "latent " + l + " #" + i);
            }
        }
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource({"sparsify,DECODER_SIMILARITY,F32", "sparsify,ENCODER_SIMILARITY,F16",
        "sparsify,DECODER_SIMILARITY,BF16", "saelens,ENCODER_SIMILARITY,F32",
        "saelens,DECODER_SIMILARITY,F16", "saelens,ENCODER_SIMILARITY,BF16"})
    void cpuMatchesBruteForceCosine(String layout, NeighbourMethod method, DType dtype) throws Exception {
        float[][] enc = SaeFixtures.matrix(1, 70, 24);
        float[][] dec = SaeFixtures.matrix(2, 70, 24);
        Path sae = dir.resolve("layers.6");
        if (layout.equals("sparsify")) {
            SaeFixtures.sparsify(sae, enc, dec, dtype);
        } else {
            SaeFixtures.saeLens(sae, enc, dec, dtype);
        }
        float[][] used = SaeFixtures.asStored(method == NeighbourMethod.ENCODER_SIMILARITY ? enc : dec, dtype);
        NeighbourTable t = SimilarityNeighbours.compute(dir, "layers.6", method, 7, Device.CPU);
        assertMatches(SaeFixtures.bruteForce(used, 7), t);
    }

    @Test
    void tiesGoToTheLowerIndexZeroRowsAreLeftOutAndShortRowsKeepWhatThereIs() throws Exception {
        float[][] m = SaeFixtures.matrix(3, 9, 5);
        SaeFixtures.sparsify(dir, m, m, DType.F32);
        NeighbourTable t = SimilarityNeighbours.compute(dir, "ignored", NeighbourMethod.DECODER_SIMILARITY,
            20, Device.CPU);
        assertEquals(0, t.count(3), "a zero vector has no neighbours");
        assertEquals(0, t.count(8));
        for (int l : new int[] {0, 1, 2, 4, 5, 6, 7}) {
            assertEquals(6, t.count(l), "9 latents, itself and 2 zero rows left out: " + l);
            List<Integer> ns = new ArrayList<>();
            for (int i = 0; i < t.count(l); i++) {
                ns.add(t.neighbour(l, i));
            }
            assertTrue(!ns.contains(3) && !ns.contains(8) && !ns.contains(l), ns.toString());
            if (l > 2) { // 0 and 1 are the same vector: equal cosines, 0 first, right before 1
                int at = ns.indexOf(0);
                assertEquals(1, ns.get(at + 1), ns.toString());
                assertEquals(t.value(l, at), t.value(l, at + 1));
                assertEquals(-t.value(l, at), t.value(l, ns.indexOf(2)), "row 2 is row 0 negated");
            }
        }
        assertEquals(1, t.neighbour(0, 0));
        assertEquals(1f, t.value(0, 0), 1e-6f);
        assertEquals(2, t.neighbour(0, 5), "the negated copy is the farthest");
        assertMatches(SaeFixtures.bruteForce(m, 20), t);
    }

    @Test
    void theTiledCpuProductMatchesTheReferenceDotBitForBit() throws Exception {
        // 37 rows: partial 4 x 4 tiles and a partial last block of query rows and candidates
        float[][] m = SaeFixtures.matrix(4, 37, 19);
        SaeFixtures.sparsify(dir, m, m, DType.F32);
        UnitRows u = UnitRows.normalise(SaeWeights.locate(dir, "m").read(NeighbourMethod.DECODER_SIMILARITY));
        NeighbourTable t = CpuSimilarity.topK(u, 36);
        for (int l = 0; l < 37; l++) {
            for (int i = 0; i < t.count(l); i++) {
                assertEquals(CpuSimilarity.dot(u.data(), l * 19, t.neighbour(l, i) * 19, 19), t.value(l, i));
            }
        }
    }

    @Test
    void coOccurrenceAndANonPositiveKAreRefused() throws Exception {
        float[][] m = SaeFixtures.matrix(5, 8, 4);
        SaeFixtures.sparsify(dir, m, m, DType.F32);
        AugurException e = assertThrows(AugurException.class, () -> SimilarityNeighbours.compute(dir, "x",
            NeighbourMethod.CO_OCCURRENCE, 5, Device.CPU));
        assertTrue(e.getMessage().startsWith("--method co-occurrence"), e.getMessage());
        e = assertThrows(AugurException.class, () -> SimilarityNeighbours.compute(dir, "x",
            NeighbourMethod.DECODER_SIMILARITY, 0, Device.CPU));
        assertTrue(e.getMessage().startsWith("--k: 0"), e.getMessage());
    }
}
