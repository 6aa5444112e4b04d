package dev.augur.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augur.AugurException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad ids and bad files give one-line messages naming the id or file, never a native crash. */
class TokenDecoderErrorsTest {
    @TempDir
    Path dir;

    private static void assertMentions(Throwable e, String... parts) {
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), "'" + p + "' not in: " + e.getMessage());
        }
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    }

    @Test
    void idsOutsideTheVocabularyAreRejected() {
        try (TokenDecoder d = TokenDecoder.open(TokenDecoderTest.BYTE_BPE)) {
            for (int bad : new int[] {13, -1, Integer.MAX_VALUE, Integer.MIN_VALUE}) {
                TokenizerException e = assertThrows(TokenizerException.class, () -> d.decode(bad));
                assertMentions(e, "token id " + bad + " ", "byte-bpe.json", "0..12");
            }
            TokenizerException e = assertThrows(TokenizerException.class,
                () -> d.decode(new int[] {6, 99, 7}));
            assertMentions(e, "token id 99", "byte-bpe.json");
            assertEquals(" the", d.decode(6)); // the decoder still works afterwards
        }
    }

    @Test
    void missingFileOrFolder() {
        Path none = dir.resolve("none.json");
        assertMentions(assertThrows(TokenizerException.class, () -> TokenDecoder.open(none)),
            "none.json", "not found");
        assertMentions(assertThrows(TokenizerException.class, () -> TokenDecoder.open(dir)),
            dir.toString(), "folder");
        assertThrows(TokenizerException.class, () -> TokenDecoder.open(null));
    }

    @Test
    void aHugeTokenIdIsRejectedBeforeTheDecodeTableIsAllocated() throws Exception {
        Path big = dir.resolve("tokenizer.json");
        String json = Files.readString(TokenDecoderTest.BYTE_BPE);
        Files.writeString(big, json.replace("\"id\": 12,", "\"id\": 2000000000,"));
        TokenizerException e = assertThrows(TokenizerException.class, () -> TokenDecoder.open(big));
        assertMentions(e, "tokenizer.json", "token id 2000000000", "limit");
    }

    @Test
    void aStripDecoderThatWouldAbortTheJvmIsRejected() throws Exception {
        // The fuzzer's finding: Strip with stop 1 on the token "▁" panics in Rust and the JVM
        // dies ("slice index starts at 1 but ends at 0"); run here it would kill the test fork.
        Path strip = dir.resolve("tokenizer.json");
        Files.copy(Path.of("src/test/resources/dev/augur/tokenizer/TokenizerFuzzTestInputs/"
            + "tokenizerJson/repro-strip-stop-aborts-native"), strip);
        TokenizerException e = assertThrows(TokenizerException.class, () -> TokenDecoder.open(strip));
        assertMentions(e, "tokenizer.json", "Strip", "\"stop\": 1");
    }

    @Test
    void invalidJson() throws Exception {
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"model\": ");
        TokenizerException e = assertThrows(TokenizerException.class, () -> TokenDecoder.open(bad));
        assertMentions(e, "bad.json: not valid JSON");
        // the user-facing type: the CLI prints an AugurException's message without a trace
        assertTrue(e instanceof AugurException && e instanceof RuntimeException);
    }

    @Test
    void jsonThatIsNotATokenizer() throws Exception {
        Path other = dir.resolve("other.json");
        Files.writeString(other, "{\"a\": 1}");
        assertMentions(assertThrows(TokenizerException.class, () -> TokenDecoder.open(other)),
            "other.json", "no \"model\"");
        Path empty = dir.resolve("empty-vocab.json");
        Files.writeString(empty, "{\"model\": {\"type\": \"BPE\", \"vocab\": {}, \"merges\": []}}");
        assertMentions(assertThrows(TokenizerException.class, () -> TokenDecoder.open(empty)),
            "empty-vocab.json", "no usable vocabulary");
        // Valid JSON with a vocabulary, but the native library rejects the model type.
        Path weird = dir.resolve("weird.json");
        Files.writeString(weird, "{\"model\": {\"type\": \"NoSuchModel\", \"vocab\": {\"a\": 0}}}");
        assertMentions(assertThrows(TokenizerException.class, () -> TokenDecoder.open(weird)),
            "weird.json", "not a HuggingFace tokenizer.json");
    }

    @Test
    void brokenTokenizerConfigBesideTheFileIsNamed() throws Exception {
        Path f = dir.resolve("tokenizer.json");
        Files.copy(TokenDecoderTest.BYTE_BPE, f);
        Files.writeString(dir.resolve("tokenizer_config.json"), "{not json");
        assertMentions(assertThrows(TokenizerException.class, () -> TokenDecoder.open(f)),
            "tokenizer_config.json", "not valid JSON");
        try (TokenDecoder d = TokenDecoder.open(f, false)) { // explicit setting: config unread
            assertEquals(" the", d.decode(6));
        }
    }
}
