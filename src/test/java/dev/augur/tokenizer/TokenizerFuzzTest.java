package dev.augur.tokenizer;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.augur.testing.FuzzFiles;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes tokenizer.json as {@code --tokenizer} reads it: the vocabulary scan, then DJL's native
 * HuggingFace tokenizers library loading it and decoding a few ids. A native crash would kill the
 * fuzz JVM (and fail the build); a hang is caught by the per-input timeout.
 */
@Timeout(30) // per input (Jazzer passes it to libFuzzer) and per JUnit invocation: above maxDuration
class TokenizerFuzzTest {
    @AfterAll
    static void report() {
        FuzzFiles.report(TokenizerFuzzTest.class);
    }

    @FuzzTest(maxDuration = "12s")
    void tokenizerJson(byte[] data) throws Exception {
        Path file = FuzzFiles.write("tok/tokenizer.json", data);
        FuzzFiles.acceptsOrRejectsCleanly("tokenizer.json", () -> {
            try (TokenDecoder d = TokenDecoder.open(file, false)) {
                for (int id = 0; id < Math.min(d.vocabSize(), 8); id++) {
                    d.decode(id);
                }
            }
        });
    }
}
