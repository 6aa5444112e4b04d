package dev.augur.report;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.augur.explain.ExplanationStore;
import dev.augur.metrics.LatentName;
import dev.augur.testing.FuzzFiles;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes a delphi explanation file (explanations/<latent>.txt, one JSON string) as
 * {@code --explainer none} reads it (strict) and as the HTML report shows it (lenient).
 */
@Timeout(30) // per input (Jazzer passes it to libFuzzer) and per JUnit invocation: above maxDuration
class ExplanationFileFuzzTest {
    @AfterAll
    static void report() {
        FuzzFiles.report(ExplanationFileFuzzTest.class);
    }

    @FuzzTest(maxDuration = "7s")
    void explanationFile(byte[] data) throws Exception {
        Path file = FuzzFiles.write("run/explanations/layers.0_latent1.txt", data);
        Path run = file.getParent().getParent();
        FuzzFiles.acceptsOrRejectsCleanly("layers.0_latent1.txt",
            () -> new ExplanationStore(run.resolve("explanations")).read("layers.0_latent1"));
        FuzzFiles.check("layers.0_latent1.txt",
            () -> LatentSection.explanation(run, new LatentName("layers.0", 1)));
    }
}
