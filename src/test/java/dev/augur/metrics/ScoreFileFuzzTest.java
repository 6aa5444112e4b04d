package dev.augur.metrics;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.augur.testing.FuzzFiles;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Timeout;

/** Fuzzes delphi score files (scores/<scorer>/<latent>.txt) as the report and metrics read them. */
@Timeout(30) // per input (Jazzer passes it to libFuzzer) and per JUnit invocation: above maxDuration
class ScoreFileFuzzTest {
    @AfterAll
    static void report() {
        FuzzFiles.report(ScoreFileFuzzTest.class);
    }

    @FuzzTest(maxDuration = "9s")
    void scoreFile(byte[] data) throws Exception {
        Path file = FuzzFiles.write("scores/detection/layers.0_latent1.txt", data);
        FuzzFiles.acceptsOrRejectsCleanly("layers.0_latent1.txt", () -> ScoreFiles.read(file));
    }
}
