package dev.augur.construct;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augur.AugurException;
import dev.augur.record.LatentRecord;
import dev.augur.sample.SamplerConfig;
import dev.augur.testing.Records;
import dev.augur.testing.TestCache;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Non-activating examples from neighbour latents: 4 sequences of 16 tokens, windows of 4. */
class NeighbourExamplesTest {
    @TempDir
    Path dir;
    Path cache;

    @BeforeEach
    void write() throws Exception {
        cache = dir.resolve("latents");
        TestCache c = TestCache.withPatternTokens(4, 16, 1000);
        c.add(0, 1, 0, 1f).add(1, 5, 0, 1f);                       // latent 0: windows 0, 5
        c.add(0, 3, 1, 1f).add(0, 13, 1, 5f).add(1, 13, 1, 2f).add(2, 5, 1, 3f); // windows 0,3,7,9
        c.add(0, 2, 2, 1f).add(1, 6, 2, 1f);                       // latent 2: windows 0, 5
        c.add(0, 0, 3, 1f).add(1, 4, 3, 1f);                       // latent 3: windows 0, 5
        c.write(cache, "m", new int[][] {{0, 1}, {2, 3}});         // neighbours across splits
        Path nb = dir.resolve("neighbours");
        Files.createDirectories(nb);
        Files.writeString(nb.resolve("m-co-occurrence.json"),
            "{\"0\": [[0.8, 2], [0.5, 1]], \"3\": [[0.9, 2]]}");
    }

    private List<LatentRecord> build(String latents, Path neighbours) {
        ConstructorConfig cfg = new ConstructorConfig(4, 1, 0, 5, WindowMode.ALIGNED,
            NonActivatingSource.NEIGHBOURS, 3);
        return Records.build(cache, latents, cfg, SamplerConfig.defaults(3), neighbours);
    }

    @Test
    void takesNeighbourWindowsWhereTheLatentIsSilentStrongestFirst() {
        LatentExamples ex = build("0", dir).get(0).examples();
        List<NonActivatingWindow> na = ex.nonActivating();
        // latent 2 shares every window with latent 0; latent 1 gives windows 3, 9, 7 (not 0)
        assertArrayEquals(new long[] {12, 36, 28}, na.stream().mapToLong(NonActivatingWindow::start).toArray());
        assertArrayEquals(new float[] {0, 5f, 0, 0}, na.get(0).activations());
        assertArrayEquals(new float[] {0, 3f, 0, 0}, na.get(1).activations());
        na.forEach(n -> assertEquals(-0.5f, n.distance()));
        assertNull(ex.note());
    }

    @Test
    void fallsBackToRandomWhenNeighboursGiveNothing() {
        LatentExamples ex = build("3", dir.resolve("neighbours/m-co-occurrence.json")).get(0).examples();
        assertTrue(ex.note().contains("fell back to random"), ex.note());
        assertEquals(5, ex.nonActivating().size());
        ex.nonActivating().forEach(n -> {
            assertEquals(-1f, n.distance());
            assertTrue(n.start() != 0 && n.start() != 20);
        });
    }

    @Test
    void badNeighbourFilesAreClearErrors() throws Exception {
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"0\": [[0.5]]}");
        AugurException e = assertThrows(AugurException.class, () -> build("0", bad));
        assertTrue(e.getMessage().contains("is not [distance, neighbour_index]"), e.getMessage());
        Path empty = dir.resolve("empty");
        Files.createDirectories(empty);
        e = assertThrows(AugurException.class, () -> build("0", empty));
        assertTrue(e.getMessage().contains("expected one file m-<type>.json"), e.getMessage());
    }
}
