package dev.augur.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augur.AugurException;
import dev.augur.cli.Augur;
import dev.augur.testing.CliRun;
import dev.augur.testing.TestCache;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The split files of a module folder must tile its latent range, and be named in range. */
class ModuleSplitsTest {
    @TempDir
    Path dir;

    private Path cache(int[][] splits) throws Exception {
        TestCache.withPatternTokens(4, 8, 50).randomActivations(36, 3, 6)
            .write(dir, "layers.1", splits);
        return dir;
    }

    private static String oneLineError(Path cache) {
        AugurException e = assertThrows(AugurException.class,
            () -> LatentCache.open(cache).module("layers.1"));
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        return e.getMessage();
    }

    @Test
    void aMissingMiddleSplitIsAnErrorNamingTheFolderAndTheRange() throws Exception {
        Path c = cache(new int[][] {{0, 11}, {12, 23}, {24, 35}});
        Files.delete(c.resolve("layers.1/12_23.safetensors"));
        String m = oneLineError(c);
        assertTrue(m.startsWith(c.resolve("layers.1") + ":"), m);
        assertTrue(m.contains("latents 12..23"), m);
        assertTrue(m.contains("12_23.safetensors"), m);
    }

    @Test
    void aMissingFirstSplitIsAnError() throws Exception {
        Path c = cache(new int[][] {{0, 11}, {12, 35}});
        Files.delete(c.resolve("layers.1/0_11.safetensors"));
        assertTrue(oneLineError(c).contains("latents 0..11"));
    }

    @Test
    void aMissingLastSplitIsAnErrorWhenConfigGivesNSplits() throws Exception {
        Path c = cache(new int[][] {{0, 11}, {12, 35}});
        Files.delete(c.resolve("layers.1/12_35.safetensors"));
        String m = oneLineError(c);
        assertTrue(m.contains("n_splits 2") && m.contains("1 split file"), m);
    }

    @Test
    void inspectRefusesACacheWithAGapInsteadOfMiscountingDeadLatents() throws Exception {
        Path c = cache(new int[][] {{0, 11}, {12, 23}, {24, 35}});
        Files.delete(c.resolve("layers.1/12_23.safetensors"));
        CliRun r = CliRun.run("inspect", "--cache", c.toString(), "--json");
        assertEquals(Augur.EXIT_USAGE, r.exitCode(), r.out() + r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("latents 12..23"), r.err());
        assertEquals("", r.out());
    }

    @Test
    void aSplitNameWithAnOutOfRangeNumberSaysTheNameIsBad() throws Exception {
        Path c = cache(new int[][] {{0, 63}});
        Files.copy(c.resolve("layers.1/0_63.safetensors"), c.resolve("layers.1/64_99999999999.safetensors"));
        AugurException e = assertThrows(AugurException.class, () -> LatentCache.open(c));
        assertTrue(e.getMessage().contains("64_99999999999.safetensors: bad split file name: latent "
            + "index 99999999999 is out of range"), e.getMessage());
        assertFalse(e.getMessage().contains("no module folders"), e.getMessage());
    }

    @Test
    void aSplitNameTooLongForALongIsABadNameNotACrash() throws Exception {
        Path c = cache(new int[][] {{0, 63}});
        Files.move(c.resolve("layers.1/0_63.safetensors"),
            c.resolve("layers.1/0_99999999999999999999999.safetensors"));
        AugurException e = assertThrows(AugurException.class, () -> LatentCache.open(c));
        assertTrue(e.getMessage().contains("bad split file name"), e.getMessage());
    }

    @Test
    void aSplitNameEndingBeforeItStartsIsABadName() throws Exception {
        Path c = cache(new int[][] {{0, 63}});
        Files.move(c.resolve("layers.1/0_63.safetensors"), c.resolve("layers.1/63_0.safetensors"));
        AugurException e = assertThrows(AugurException.class, () -> LatentCache.open(c));
        assertTrue(e.getMessage().contains("63_0.safetensors: bad split file name"), e.getMessage());
    }

    @Test
    void splitsThatTileTheRangeOpen() throws Exception {
        ModuleCache m = LatentCache.open(cache(new int[][] {{0, 11}, {12, 23}, {24, 35}})).module("layers.1");
        assertEquals(36, m.width());
        assertEquals(36, m.covered().cardinality());
    }
}
