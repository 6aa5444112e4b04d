package dev.augur.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augur.AugurException;
import dev.augur.construct.LatentExamples;
import dev.augur.record.LatentRecord;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Explanations loaded from delphi's files (SPEC 6): {@code --explainer none} and {@code random}. */
class FileExplainerTest {
    private static final String MODULE = "layers.5.mlp";

    @TempDir
    Path dir;

    private static LatentRecord record(int latent) {
        return new LatentRecord(new LatentExamples(MODULE, latent, 1, 0, 0, List.of(), List.of(), null, null), null);
    }

    private static String name(int latent) {
        return MODULE + "_latent" + latent;
    }

    private void write(int latent, String content) throws Exception {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(name(latent) + ".txt"), content, StandardCharsets.UTF_8);
    }

    private static Throwable failure(Future<Explanation> f) {
        assertTrue(f.failed(), "expected a failed future, got " + f.result());
        return f.cause();
    }

    @Test
    void noneLoadsTheLatentsOwnFile() throws Exception {
        write(0, "\"Words related to football\"");
        write(1, "\"Closing \\\"quotes\\\" and caf\u00e9\"");
        FileExplainer ex = new FileExplainer(new ExplanationStore(dir), false, 22);
        Explanation e0 = ex.explain(record(0), null).result();
        assertEquals(new Explanation("Words related to football", true, "file"), e0);
        assertEquals("Closing \"quotes\" and caf\u00e9", ex.explain(record(1), null).result().text());
    }

    @Test
    void aMissingFileIsACountedMissNotACrash() throws Exception {
        write(0, "\"x\"");
        Throwable t = failure(new FileExplainer(new ExplanationStore(dir), false, 22).explain(record(7), null));
        assertInstanceOf(MissingExplanationException.class, t);
        assertTrue(t.getMessage().contains(name(7) + ".txt"), t.getMessage());
        // no directory at all: the same counted miss
        Throwable none = failure(new FileExplainer(new ExplanationStore(dir.resolve("absent")), false, 22)
            .explain(record(0), null));
        assertInstanceOf(MissingExplanationException.class, none);
    }

    @Test
    void aMalformedFileIsAClearErrorNamingTheFile() throws Exception {
        for (String bad : List.of("Words related to football", "{\"text\": \"x\"}", "[\"x\"]", "42", "",
                "\"unterminated", "\"A\" \"B\"", "\"A\" and more")) {
            write(3, bad);
            Throwable t = failure(new FileExplainer(new ExplanationStore(dir), false, 22).explain(record(3), null));
            assertInstanceOf(AugurException.class, t, "content <" + bad + ">");
            assertTrue(t.getMessage().contains(dir.resolve(name(3) + ".txt").toString()),
                "names the file: " + t.getMessage());
        }
    }

    @Test
    void randomBorrowsAnotherLatentsExplanationDeterministically() throws Exception {
        for (int i = 0; i < 6; i++) {
            write(i, "\"explanation " + i + "\"");
        }
        ExplanationStore store = new ExplanationStore(dir);
        Set<String> borrowed = new HashSet<>();
        for (int i = 0; i < 6; i++) {
            Explanation e = new FileExplainer(store, true, 22).explain(record(i), null).result();
            assertNotEquals("explanation " + i, e.text(), "never its own");
            assertTrue(e.source().startsWith("random:" + MODULE + "_latent"), e.source());
            String other = e.source().substring("random:".length());
            assertEquals("explanation " + other.substring(other.lastIndexOf("latent") + 6), e.text(),
                "the text is the named latent's");
            assertEquals(e, new FileExplainer(store, true, 22).explain(record(i), null).result(), "same seed, same pick");
            borrowed.add(e.text());
        }
        assertTrue(borrowed.size() > 1, "not every latent borrows the same one: " + borrowed);
        // a latent without a file of its own can borrow too
        Explanation e9 = new FileExplainer(store, true, 22).explain(record(9), null).result();
        assertTrue(e9.text().startsWith("explanation "));
        // other seeds pick differently somewhere
        Set<String> picks = new HashSet<>();
        for (long seed = 0; seed < 10; seed++) {
            picks.add(new FileExplainer(store, true, seed).explain(record(0), null).result().text());
        }
        assertTrue(picks.size() > 1, "the pick depends on the seed: " + picks);
    }

    @Test
    void randomFailsClearlyWithoutAnotherLatent() throws Exception {
        write(4, "\"only me\"");
        Throwable t = failure(new FileExplainer(new ExplanationStore(dir), true, 22).explain(record(4), null));
        assertInstanceOf(MissingExplanationException.class, t);
        assertTrue(t.getMessage().contains("no other latent"), t.getMessage());
        Throwable empty = failure(new FileExplainer(new ExplanationStore(dir.resolve("absent")), true, 22)
            .explain(record(4), null));
        assertInstanceOf(MissingExplanationException.class, empty);
    }

    @Test
    void storeWritesWhatItReads() throws Exception {
        ExplanationStore store = new ExplanationStore(dir.resolve("explanations"));
        store.write(name(2), "Say \"hi\"\nand leave");
        assertEquals("\"Say \\\"hi\\\"\\nand leave\"", Files.readString(store.file(name(2))));
        assertEquals("Say \"hi\"\nand leave", store.read(name(2)).orElseThrow());
        assertEquals(List.of(name(2)), store.names());
        assertTrue(store.read(name(3)).isEmpty());
    }
}
