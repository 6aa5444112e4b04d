package dev.augur.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenizerLocatorTest {
    @TempDir
    Path dir;

    private Path snapshot(Path hub, String model, String rev, long mtime) throws Exception {
        Path snap = hub.resolve("models--" + model.replace("/", "--")).resolve("snapshots").resolve(rev);
        Files.createDirectories(snap);
        Path f = snap.resolve("tokenizer.json");
        Files.writeString(f, "{}");
        Files.setLastModifiedTime(snap, FileTime.fromMillis(mtime));
        return f;
    }

    @Test
    void explicitFileWinsAndMustExist() throws Exception {
        Path f = dir.resolve("tok.json");
        Files.writeString(f, "{}");
        assertEquals(Optional.of(f), TokenizerLocator.find(f, "org/model", Map.of()));
        TokenizerException e = assertThrows(TokenizerException.class,
            () -> TokenizerLocator.find(dir.resolve("nope.json"), "org/model", Map.of()));
        assertTrue(e.getMessage().contains("nope.json"));
    }

    @Test
    void findsTheNewestSnapshotInTheHubCache() throws Exception {
        Path hub = dir.resolve("home/hub");
        snapshot(hub, "EleutherAI/pythia-70m", "aaa", 1000);
        Path newest = snapshot(hub, "EleutherAI/pythia-70m", "bbb", 5000);
        assertEquals(Optional.of(newest), TokenizerLocator.find(null, "EleutherAI/pythia-70m",
            Map.of("HF_HOME", dir.resolve("home").toString())));
        Path gpt2 = snapshot(hub, "gpt2", "ccc", 1000);
        assertEquals(Optional.of(gpt2), TokenizerLocator.find(null, "gpt2",
            Map.of("HF_HOME", dir.resolve("home").toString())));
    }

    @Test
    void hubCacheVariableTakesPrecedenceAndAbsentMeansEmpty() throws Exception {
        Path other = dir.resolve("other-hub");
        Path f = snapshot(other, "org/m", "r1", 1000);
        snapshot(dir.resolve("home/hub"), "org/m", "r2", 9000);
        assertEquals(Optional.of(f), TokenizerLocator.find(null, "org/m",
            Map.of("HF_HUB_CACHE", other.toString(), "HF_HOME", dir.resolve("home").toString())));
        assertEquals(Optional.empty(), TokenizerLocator.find(null, "org/absent",
            Map.of("HF_HUB_CACHE", other.toString())));
        assertEquals(Optional.empty(), TokenizerLocator.find(null, null, Map.of()));
    }
}
