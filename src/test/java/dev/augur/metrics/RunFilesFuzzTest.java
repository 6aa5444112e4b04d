package dev.augur.metrics;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.augur.run.RunFiles;
import dev.augur.runfolder.RunLayout;
import dev.augur.testing.FuzzFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes a run folder's bookkeeping files as a resumed run and the report read them: the first
 * byte picks latents.jsonl, run_stats.json or run_config.json, the rest is its content.
 */
@Timeout(30) // per input (Jazzer passes it to libFuzzer) and per JUnit invocation: above maxDuration
class RunFilesFuzzTest {
    @AfterAll
    static void report() {
        FuzzFiles.report(RunFilesFuzzTest.class);
    }

    private static final String[] FILES = {"latents.jsonl", "run_stats.json", "run_config.json"};

    @FuzzTest(maxDuration = "8s")
    void runFile(byte[] data) throws Exception {
        if (data.length == 0) {
            return;
        }
        Path run = FuzzFiles.scratch().resolve("run");
        for (String f : FILES) {
            Files.deleteIfExists(run.resolve(f));
        }
        String name = FILES[(data[0] & 0xFF) % FILES.length];
        FuzzFiles.write("run/" + name, Arrays.copyOfRange(data, 1, data.length));
        FuzzFiles.acceptsOrRejectsCleanly(name, () -> {
            RunInfo.read(run);
            RunFiles.changedSettings(RunLayout.of(run.getParent(), "run"), Map.of("seed", 22, "latents", "0:10"));
        });
    }
}
