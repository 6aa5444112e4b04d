package dev.augur.construct;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augur.AugurException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A neighbours file's latent indices are non-negative ints; anything else is one line naming it. */
class NeighboursFileTest {
    @TempDir
    Path dir;

    private String error(String json) throws Exception {
        Path f = dir.resolve("m-co-occurrence.json");
        Files.writeString(f, json);
        AugurException e = assertThrows(AugurException.class, () -> Neighbours.read(f));
        assertTrue(e.getMessage().startsWith(f + ": "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        return e.getMessage();
    }

    @Test
    void readsDelphisLayout() throws Exception {
        Path f = dir.resolve("m-co-occurrence.json");
        Files.writeString(f, "{\"0\": [[0.5, 3], [0.25, 1]], \"3\": []}");
        Neighbours n = Neighbours.read(f);
        assertEquals(3, n.of(0).get(0).latent());
        assertEquals(2, n.allNeighbourLatents().cardinality());
    }

    @Test
    void aNegativeNeighbourIsAnErrorNotAnIndexCrashLater() throws Exception {
        assertTrue(error("{\"0\": [[0.5, -3]]}").contains("latent 0: entry [0.5,-3] is not"));
    }

    @Test
    void aNegativeOrMultiLineKeyIsAnError() throws Exception {
        assertTrue(error("{\"-1\": []}").contains("key '-1' is not a latent index"));
        assertTrue(error("{\"1\\n2\": []}").contains("key '1\\n2' is not a latent index"));
    }

    @Test
    void aValueThatIsNotAListIsAnError() throws Exception {
        assertTrue(error("{\"0\": {\"a\": [0.5, 3]}}").contains("latent 0: expected a list"));
    }
}
