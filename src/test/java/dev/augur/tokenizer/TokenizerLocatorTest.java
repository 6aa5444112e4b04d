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
    static final String MODEL = "EleutherAI/pythia-70m";

    @TempDir
    Path dir;

    /** Lays out hub/models--org--name/snapshots/rev/tokenizer.json, as huggingface_hub does. */
    private static Path snapshot(Path hub, String model, String rev, long mtime) throws Exception {
        Path snap = hub.resolve("models--" + model.replace("/", "--")).resolve("snapshots").resolve(rev);
        Files.createDirectories(snap);
        Path f = snap.resolve("tokenizer.json");
        Files.writeString(f, "{}");
        Files.setLastModifiedTime(snap, FileTime.fromMillis(mtime));
        return f;
    }

    private Map<String, String> hfHome() {
        return Map.of("HF_HOME", dir.resolve("home").toString());
    }

    @Test
    void explicitFileWinsAndMustExist() throws Exception {
        snapshot(dir.resolve("home/hub"), MODEL, "aaa", 1000);
        Path f = dir.resolve("tok.json");
        Files.writeString(f, "{}");
        assertEquals(Optional.of(f), TokenizerLocator.find(f, MODEL, hfHome()));
        // a folder holding tokenizer.json is accepted too
        Files.createDirectories(dir.resolve("model"));
        Path inFolder = Files.writeString(dir.resolve("model/tokenizer.json"), "{}");
        assertEquals(Optional.of(inFolder), TokenizerLocator.find(dir.resolve("model"), MODEL, hfHome()));

        TokenizerException e = assertThrows(TokenizerException.class,
            () -> TokenizerLocator.find(dir.resolve("nope.json"), MODEL, hfHome()));
        assertTrue(e.getMessage().contains("nope.json"), e.getMessage());
    }

    @Test
    void findsTheModelInTheHfHomeHubCache() throws Exception {
        Path f = snapshot(dir.resolve("home/hub"), "org/name", "abc", 1000);
        assertEquals(Optional.of(f), TokenizerLocator.find(null, "org/name", hfHome()));
        Path gpt2 = snapshot(dir.resolve("home/hub"), "gpt2", "ccc", 1000); // no org: models--gpt2
        assertTrue(gpt2.toString().contains("models--gpt2" + java.io.File.separator + "snapshots"));
        assertEquals(Optional.of(gpt2), TokenizerLocator.find(null, "gpt2", hfHome()));
    }

    @Test
    void severalSnapshotsPickTheNewestThenTheLastName() throws Exception {
        Path hub = dir.resolve("home/hub");
        snapshot(hub, MODEL, "aaa", 1000);
        Path newest = snapshot(hub, MODEL, "bbb", 5000);
        assertEquals(Optional.of(newest), TokenizerLocator.find(null, MODEL, hfHome()));
        Path tie = snapshot(hub, MODEL, "ccc", 5000);
        assertEquals(Optional.of(tie), TokenizerLocator.find(null, MODEL, hfHome()));
        // a newer snapshot without tokenizer.json is skipped
        Path bare = hub.resolve("models--EleutherAI--pythia-70m/snapshots/ddd");
        Files.createDirectories(bare);
        Files.setLastModifiedTime(bare, FileTime.fromMillis(9000));
        assertEquals(Optional.of(tie), TokenizerLocator.find(null, MODEL, hfHome()));
    }

    @Test
    void refsMainNamesTheSnapshotTransformersWouldLoad() throws Exception {
        Path hub = dir.resolve("home/hub");
        Path pinned = snapshot(hub, MODEL, "0123abcd", 1000);
        snapshot(hub, MODEL, "ffff", 9000);
        Path refs = Files.createDirectories(hub.resolve("models--EleutherAI--pythia-70m/refs"));
        Files.writeString(refs.resolve("main"), "0123abcd"); // huggingface_hub writes no newline
        assertEquals(Optional.of(pinned), TokenizerLocator.find(null, MODEL, hfHome()));
        Files.writeString(refs.resolve("main"), "deadbeef\n"); // a ref to a missing snapshot
        assertEquals("ffff", TokenizerLocator.find(null, MODEL, hfHome()).orElseThrow()
            .getParent().getFileName().toString());
    }

    @Test
    void hubCacheVariablesTakePrecedence() throws Exception {
        Path other = dir.resolve("other-hub");
        Path f = snapshot(other, "org/m", "r1", 1000);
        snapshot(dir.resolve("home/hub"), "org/m", "r2", 9000);
        assertEquals(Optional.of(f), TokenizerLocator.find(null, "org/m",
            Map.of("HF_HUB_CACHE", other.toString(), "HF_HOME", dir.resolve("home").toString())));
        assertEquals(Optional.of(f), TokenizerLocator.find(null, "org/m",
            Map.of("HUGGINGFACE_HUB_CACHE", other.toString(), "HF_HOME", dir.resolve("home").toString())));
        Path xdg = snapshot(dir.resolve("xdg/huggingface/hub"), "org/m", "r3", 1000);
        assertEquals(Optional.of(xdg), TokenizerLocator.find(null, "org/m",
            Map.of("XDG_CACHE_HOME", dir.resolve("xdg").toString())));
        // blank variables count as unset
        assertEquals(Optional.of(f), TokenizerLocator.find(null, "org/m",
            Map.of("HF_HUB_CACHE", " ", "HUGGINGFACE_HUB_CACHE", other.toString())));
    }

    @Test
    void defaultHubCacheIsUnderTheUserHome() {
        Path home = Path.of(System.getProperty("user.home"));
        assertEquals(home.resolve(".cache/huggingface/hub"), TokenizerLocator.hubCache(Map.of()));
        assertEquals(home.resolve("hf/hub"), TokenizerLocator.hubCache(Map.of("HF_HOME", "~/hf")));
    }

    @Test
    void aLocalModelFolderIsUsedAsTransformersWould() throws Exception {
        Path model = Files.createDirectories(dir.resolve("my-model"));
        Path f = Files.writeString(model.resolve("tokenizer.json"), "{}");
        assertEquals(Optional.of(f), TokenizerLocator.find(null, model.toString(), hfHome()));
    }

    @Test
    void notFoundIsEmpty() throws Exception {
        snapshot(dir.resolve("home/hub"), "org/m", "r1", 1000);
        assertEquals(Optional.empty(), TokenizerLocator.find(null, "org/absent", hfHome()));
        assertEquals(Optional.empty(), TokenizerLocator.find(null, "other/m", hfHome()));
        assertEquals(Optional.empty(), TokenizerLocator.find(null, null, hfHome()));
        assertEquals(Optional.empty(), TokenizerLocator.find(null, "", hfHome()));
        assertEquals(Optional.empty(), TokenizerLocator.find(null, "../../etc", hfHome()));
        assertEquals(Optional.empty(), TokenizerLocator.find(null, "a/b/c", hfHome()));
        // an empty snapshots folder
        Files.createDirectories(dir.resolve("home/hub/models--org--empty/snapshots"));
        assertEquals(Optional.empty(), TokenizerLocator.find(null, "org/empty", hfHome()));
    }
}
