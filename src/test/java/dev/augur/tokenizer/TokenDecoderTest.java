package dev.augur.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Single-token decoding must match HuggingFace's batch_decode of a 1-D id list. */
class TokenDecoderTest {
    static final Path BYTE_BPE = Path.of("src/test/resources/tokenizers/byte-bpe.json");
    static final Path SENTENCEPIECE = Path.of("src/test/resources/tokenizers/sentencepiece-bpe.json");

    @TempDir
    Path dir;

    @Test
    void byteLevelBpeKeepsLeadingSpacesAndBytes() {
        try (TokenDecoder d = TokenDecoder.open(BYTE_BPE)) {
            assertEquals(13, d.vocabSize());
            assertEquals(" the", d.decode(6));   // Ġthe
            assertEquals(" ", d.decode(2));      // Ġ
            assertEquals("\n", d.decode(7));     // Ċ
            assertEquals("he", d.decode(5));
            assertEquals("é", d.decode(10));     // Ã© = bytes C3 A9
            // half of a UTF-8 character alone is not valid text: HF gives U+FFFD
            assertEquals("\uFFFD", d.decode(8));
            assertEquals("<|endoftext|>", d.decode(12)); // special tokens are kept
            assertArrayEquals(new String[] {"T", "he", " the"}, d.decode(new int[] {11, 5, 6}));
        }
    }

    @Test
    void sentencePieceStyleDecodesAsHuggingFaceDoes() {
        try (TokenDecoder d = TokenDecoder.open(SENTENCEPIECE)) {
            assertEquals(13, d.vocabSize());
            // Llama's decoder strips one leading space from the text it decodes; a token
            // decoded alone therefore loses its "▁" space, exactly as in HF batch_decode.
            assertEquals("the", d.decode(7));
            assertEquals("\n", d.decode(3));     // byte fallback <0x0A>
            assertEquals("\uFFFD", d.decode(4)); // <0xC3> alone: an incomplete UTF-8 sequence
            assertEquals("he", d.decode(12));
            assertEquals("<s>", d.decode(1));
        }
    }

    @Test
    void eachIdIsDecodedOnceAndReused() throws Exception {
        try (TokenDecoder d = TokenDecoder.open(BYTE_BPE)) {
            assertSame(d.decode(6), d.decode(6));
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<String[]>> results = new ArrayList<>();
                int[] ids = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
                for (int t = 0; t < 8; t++) {
                    results.add(pool.submit(() -> d.decode(ids)));
                }
                String[] first = results.get(0).get();
                for (Future<String[]> r : results) {
                    String[] got = r.get();
                    for (int i = 0; i < got.length; i++) {
                        assertSame(first[i], got[i]);
                    }
                }
            } finally {
                pool.shutdown();
            }
        }
    }

    @Test
    void outOfRangeIdsAndBadFilesAreClearErrors() throws Exception {
        try (TokenDecoder d = TokenDecoder.open(BYTE_BPE)) {
            TokenizerException e = assertThrows(TokenizerException.class, () -> d.decode(13));
            assertTrue(e.getMessage().contains("token id 13") && e.getMessage().contains("byte-bpe.json"));
            assertThrows(TokenizerException.class, () -> d.decode(-1));
        }
        TokenizerException missing = assertThrows(TokenizerException.class,
            () -> TokenDecoder.open(dir.resolve("none.json")));
        assertTrue(missing.getMessage().contains("none.json"), missing.getMessage());
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"model\": ");
        TokenizerException invalid = assertThrows(TokenizerException.class, () -> TokenDecoder.open(bad));
        assertTrue(invalid.getMessage().contains("bad.json: not valid JSON"), invalid.getMessage());
        Path notTok = dir.resolve("other.json");
        Files.writeString(notTok, "{\"a\": 1}");
        assertTrue(assertThrows(TokenizerException.class, () -> TokenDecoder.open(notTok))
            .getMessage().contains("no \"model\""));
    }
}
