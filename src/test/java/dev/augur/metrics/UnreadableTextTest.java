package dev.augur.metrics;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augur.AugurException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Score files and a run's bookkeeping files that are not UTF-8 text are a user error naming the
 * file (found by the fuzzers: they were an I/O crash, "internal error", exit 1).
 */
class UnreadableTextTest {
    @TempDir
    Path tmp;

    static byte[] reproducer(String target, String name) throws Exception {
        return Files.readAllBytes(Path.of(UnreadableTextTest.class
            .getResource(target + "Inputs/" + name).toURI()));
    }

    private static void assertOneLine(AugurException e, Path file) {
        assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void aScoreFileWithNulBytesIsNotGuessedToBeUtf32() throws Exception {
        Path f = tmp.resolve("layers.0_latent1.txt");
        Files.write(f, reproducer("ScoreFileFuzzTest", "scoreFile/repro-nul-bytes-read-as-utf32"));
        AugurException e = assertThrows(AugurException.class, () -> ScoreFiles.read(f));
        assertOneLine(e, f);
        assertTrue(e.getMessage().contains("NUL byte at offset 1"), e.getMessage());
    }

    @Test
    void latentsJsonlThatIsNotUtf8IsAUserError() throws Exception {
        byte[] repro = reproducer("RunFilesFuzzTest", "runFile/repro-latents-jsonl-not-utf8");
        Path f = tmp.resolve("latents.jsonl");
        Files.write(f, Arrays.copyOfRange(repro, 1, repro.length)); // byte 0 picked the file
        AugurException e = assertThrows(AugurException.class, () -> RunInfo.read(tmp));
        assertOneLine(e, f);
        assertTrue(e.getMessage().contains("not UTF-8 text: invalid byte 0xFF"), e.getMessage());
    }

    @Test
    void aLatentNameHoldingANewlineStaysOneLine() throws Exception {
        Path f = tmp.resolve("latents.jsonl");
        Files.writeString(f, "{\"latent\": \"layers.0_latent\\n1\", \"n_activations\": 3}\n");
        AugurException e = assertThrows(AugurException.class, () -> RunInfo.read(tmp));
        assertOneLine(e, f);
        assertTrue(e.getMessage().contains("index '\\n1'"), e.getMessage());
    }

    @Test
    void runStatsInUtf16IsAUserError() throws Exception {
        Path f = tmp.resolve("run_stats.json");
        Files.write(f, "{\"selected\": 3}".getBytes(StandardCharsets.UTF_16LE));
        assertOneLine(assertThrows(AugurException.class, () -> RunInfo.read(tmp)), f);
    }
}
