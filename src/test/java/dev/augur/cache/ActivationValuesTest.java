package dev.augur.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augur.cli.Augur;
import dev.augur.testing.CliRun;
import dev.augur.testing.TestCache;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** NaN and infinite activations are a corrupt cache: one line naming the file, not "NaN" in JSON. */
class ActivationValuesTest {
    @TempDir
    Path dir;

    private Path cacheWith(float bad) throws Exception {
        return TestCache.withPatternTokens(4, 32, 50).add(0, 1, 2, 1.5f).add(1, 3, 2, bad)
            .add(2, 0, 3, 0.5f).write(dir, "layers.0", new int[][] {{0, 3}});
    }

    private static String loadError(Path module) {
        ModuleCache m = LatentCache.open(module.getParent()).module("layers.0");
        SplitFile s = m.splits().get(0);
        TokenCorpus corpus = m.openCorpus(s);
        try (SafetensorsFile f = SafetensorsFile.open(s.path())) {
            CacheFormatException e = assertThrows(CacheFormatException.class,
                () -> SplitActivations.load(f, s, corpus.nSeq(), corpus.seqLen()));
            return e.getMessage();
        } finally {
            corpus.tensor().close();
        }
    }

    @Test
    void aNanActivationIsRejectedNamingTheFile() throws Exception {
        String m = loadError(cacheWith(Float.NaN));
        assertTrue(m.startsWith(dir.resolve("layers.0/0_3.safetensors") + ": activation 1 is NaN"), m);
        assertFalse(m.contains("\n"), m);
    }

    @Test
    void anInfiniteActivationIsRejected() throws Exception {
        assertTrue(loadError(cacheWith(Float.POSITIVE_INFINITY)).contains("activation 1 is Infinity"));
        assertTrue(loadError(cacheWith(Float.NEGATIVE_INFINITY)).contains("activation 1 is -Infinity"));
    }

    @Test
    void recordsFailsWithOneLineInsteadOfWritingNanStrings() throws Exception {
        cacheWith(Float.NaN);
        CliRun r = CliRun.run("records", "--cache", dir.toString());
        assertEquals(Augur.EXIT_USAGE, r.exitCode(), r.out() + r.err());
        assertTrue(r.err().contains("0_3.safetensors: activation 1 is NaN"), r.err());
        assertFalse(r.out().contains("NaN"), r.out());
    }
}
