package dev.augur.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augur.AugurException;
import dev.augur.explain.ExplanationStore;
import dev.augur.metrics.LatentName;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An explanation file that is not UTF-8 is one line naming it, in the report as in --explainer none. */
class ExplanationTextTest {
    @TempDir
    Path run;

    private Path write(byte[] content) throws Exception {
        Path f = run.resolve("explanations/layers.0_latent1.txt");
        Files.createDirectories(f.getParent());
        Files.write(f, content);
        return f;
    }

    @Test
    void theReportShowsJsonAndPlainText() throws Exception {
        write("\"Words about cats\"".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertEquals("Words about cats", LatentSection.explanation(run, new LatentName("layers.0", 1)));
        write("not json at all".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertEquals("not json at all", LatentSection.explanation(run, new LatentName("layers.0", 1)));
    }

    @Test
    void invalidUtf8IsAUserErrorInTheReport() throws Exception {
        Path f = write(new byte[] {'"', 'a', (byte) 0xFF, '"'});
        AugurException e = assertThrows(AugurException.class,
            () -> LatentSection.explanation(run, new LatentName("layers.0", 1)));
        assertTrue(e.getMessage().startsWith(f + ": not UTF-8 text"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void invalidUtf8IsNamedAsSuchForExplainerNone() throws Exception {
        Path f = write(new byte[] {'"', 'a', (byte) 0xFF, '"'});
        AugurException e = assertThrows(AugurException.class,
            () -> new ExplanationStore(run.resolve("explanations")).read("layers.0_latent1"));
        assertTrue(e.getMessage().contains(f + ": not UTF-8 text: invalid byte 0xFF at offset 2"),
            e.getMessage());
    }
}
