package dev.augur.cache;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.augur.testing.FuzzFiles;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Timeout;

/** Fuzzes a module's config.json (delphi's CacheConfig). Seeds: configs delphi and the tests write. */
@Timeout(30) // per input (Jazzer passes it to libFuzzer) and per JUnit invocation: above maxDuration
class CacheConfigFuzzTest {
    @AfterAll
    static void report() {
        FuzzFiles.report(CacheConfigFuzzTest.class);
    }

    @FuzzTest(maxDuration = "8s")
    void configJson(byte[] data) throws Exception {
        Path file = FuzzFiles.write("m/config.json", data);
        FuzzFiles.acceptsOrRejectsCleanly("config.json", () -> CacheConfig.read(file));
    }
}
