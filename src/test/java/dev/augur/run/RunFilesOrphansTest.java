package dev.augur.run;

import dev.augur.runfolder.RunLayout;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augur.record.RecordStats;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a coordinator killed mid-run leaves in the run folder: its pending latent lines (adopted
 * by the coordinator that finishes the run, so latents.jsonl names every latent built) and the
 * temporary file of a write cut short (removed once stale; a live write's is kept).
 */
class RunFilesOrphansTest {
    @TempDir
    Path dir;

    private static List<String> tmpFiles(Path dir) throws Exception {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".tmp")).map(p -> dir.relativize(p).toString()).toList();
        }
    }

    @Test
    void theLinesOfADeadCoordinatorAreAdoptedAndALiveOnesAreNot() throws Exception {
        RunLayout layout = RunLayout.of(dir, "run");
        Files.createDirectories(layout.dir());
        Files.writeString(layout.dir().resolve(".latents-dead1.123.tmp"),
            "{\"latent\":\"m_latent1\",\"n_activations\":5}\n{\"latent\":\"m_latent2\",\"n_activ"); // cut by the kill
        Files.writeString(layout.dir().resolve(".latents-alive2.456.tmp"), "{\"latent\":\"m_latent3\"}\n");
        try (RunFiles files = new RunFiles(layout, "me")) {
            assertEquals(1, files.adoptOrphans(owner -> owner.equals("dead1")));
            files.finish(new RecordStats(), null);
        }
        List<String> lines = Files.readAllLines(layout.latents());
        assertEquals(List.of("{\"latent\":\"m_latent1\",\"n_activations\":5}"), lines, "the whole line kept, the cut one dropped");
        assertFalse(Files.exists(layout.dir().resolve(".latents-dead1.123.tmp")));
        assertTrue(Files.exists(layout.dir().resolve(".latents-alive2.456.tmp")), "a live coordinator's lines stay its own");
    }

    @Test
    void staleTemporariesOfCutWritesGoAndFreshOnesStay() throws Exception {
        RunLayout layout = RunLayout.of(dir, "run");
        Path scores = Files.createDirectories(layout.dir().resolve("scores/detection"));
        Path stale = Files.writeString(scores.resolve(".m_latent1.txt.99.tmp"), "[");
        long now = System.currentTimeMillis();
        Files.setLastModifiedTime(stale, FileTime.fromMillis(now - RunFiles.STALE_TEMPORARY.toMillis() - 1_000));
        Path fresh = Files.writeString(scores.resolve(".m_latent2.txt.98.tmp"), "[");
        Path pending = Files.writeString(layout.dir().resolve(".latents-x.1.tmp"), "");
        Files.setLastModifiedTime(pending, FileTime.fromMillis(now - 3_600_000));
        assertEquals(1, RunFiles.removeStaleTemporaries(layout, now));
        assertEquals(List.of(".latents-x.1.tmp", "scores/detection/.m_latent2.txt.98.tmp"),
            tmpFiles(layout.dir()).stream().sorted().toList());
        assertTrue(Files.exists(fresh));
    }
}
