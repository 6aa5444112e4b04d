package dev.augur.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.augur.testing.TestTokenizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Single-token decoding must match HuggingFace's {@code batch_decode} of a 1-D id list. The
 * expected strings are what the HF tokenizers decoders produce for one token alone (checked
 * against DJL 0.38, which binds tokenizers 0.21).
 */
class TokenDecoderTest {
    static final Path BYTE_BPE = TestTokenizer.BYTE_BPE;
    static final Path SENTENCEPIECE = Path.of("src/test/resources/tokenizers/sentencepiece-bpe.json");

    @TempDir
    Path dir;

    @Test
    void byteLevelBpeKeepsLeadingSpacesAndBytes() {
        try (TokenDecoder d = TokenDecoder.open(BYTE_BPE)) {
            assertEquals(13, d.vocabSize());
            assertFalse(d.cleansUpTokenizationSpaces());
            // The ByteLevel decoder maps each char back to its byte and decodes the bytes as
            // lossy UTF-8; it strips nothing, so "Ġthe" keeps its space. "Ã" (C3) and "©" (A9)
            // alone are half of "é": each is an invalid sequence, hence U+FFFD.
            String[] expected = {"h", "e", " ", "t", " t", "he", " the", "\n", "\uFFFD", "\uFFFD",
                "é", "T", "<|endoftext|>"};
            for (int id = 0; id < expected.length; id++) {
                assertEquals(expected[id], d.decode(id), "id " + id);
            }
            assertArrayEquals(new String[] {"T", "he", " the", "\n"}, d.decode(new int[] {11, 5, 6, 7}));
            assertEquals(List.of("\uFFFD", "\uFFFD", "é"), d.decodeAll(new int[] {8, 9, 10}));
            assertEquals(List.of(), d.decodeAll(new int[0]));
        }
    }

    @Test
    void llamaStyleSentencePieceDecodesAsHuggingFaceDoes() {
        try (TokenDecoder d = TokenDecoder.open(SENTENCEPIECE)) {
            assertEquals(13, d.vocabSize());
            // Decoder: Replace "▁"->" ", ByteFallback, Fuse, Strip(" ", 1, 0). The Strip drops
            // one leading space of the decoded text, so a token alone loses its "▁" space
            // ("▁the" -> "the", "▁" -> ""), as in HF batch_decode of Llama-2 tokens. A lone
            // byte token that is not complete UTF-8 gives one U+FFFD per byte.
            String[] expected = {"<unk>", "<s>", "</s>", "\n", "\uFFFD", "\uFFFD", "", "the", "t",
                "h", "e", "t", "he"};
            for (int id = 0; id < expected.length; id++) {
                assertEquals(expected[id], d.decode(id), "id " + id);
            }
        }
    }

    @Test
    void unigramVocabularyIsAListAndMetaspaceStripsTheFirstSpace() throws Exception {
        Path f = dir.resolve("tokenizer.json");
        Files.writeString(f, """
            {"version": "1.0", "truncation": null, "padding": null,
             "added_tokens": [{"id": 0, "content": "<pad>", "single_word": false, "lstrip": false,
               "rstrip": false, "normalized": false, "special": true}],
             "normalizer": null,
             "pre_tokenizer": {"type": "Metaspace", "replacement": "▁", "prepend_scheme": "always", "split": true},
             "post_processor": null,
             "decoder": {"type": "Metaspace", "replacement": "▁", "prepend_scheme": "always", "split": true},
             "model": {"type": "Unigram", "unk_id": 1, "byte_fallback": false,
               "vocab": [["<pad>", 0.0], ["<unk>", 0.0], ["▁the", -1.0], ["▁", -2.0], ["s", -3.0]]}}
            """);
        try (TokenDecoder d = TokenDecoder.open(f)) {
            assertEquals(5, d.vocabSize()); // Unigram ids are list positions
            // The Metaspace decoder removes the leading space of the first token of a decode
            // (prepend_scheme "always"); every single-token decode is a first token.
            assertArrayEquals(new String[] {"<pad>", "<unk>", "the", "", "s"},
                d.decode(new int[] {0, 1, 2, 3, 4}));
        }
    }

    @Test
    void cleanUpTokenizationSpacesFollowsTokenizerConfig() throws Exception {
        // byte-bpe plus three tokens that transformers' clean_up_tokenization rewrites. The
        // added token moves to the end: HF gives an added token that is not in the model vocab
        // the id model-vocab-size (upwards), whatever id the file says.
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = (ObjectNode) json.readTree(BYTE_BPE.toFile());
        ObjectNode vocab = (ObjectNode) root.path("model").path("vocab");
        vocab.put("Ġ,", 12).put("Ġ's", 13).put("Ġ.", 14);
        ((ObjectNode) root.path("added_tokens").get(0)).put("id", 15);
        Path f = dir.resolve("tokenizer.json");
        json.writeValue(f.toFile(), root);

        try (TokenDecoder d = TokenDecoder.open(f)) { // no tokenizer_config.json: off
            assertEquals(16, d.vocabSize());
            assertArrayEquals(new String[] {" ,", " 's", " .", "<|endoftext|>", " the"},
                d.decode(new int[] {12, 13, 14, 15, 6}));
        }
        Path config = dir.resolve("tokenizer_config.json");
        Files.writeString(config, "{\"clean_up_tokenization_spaces\": true}");
        try (TokenDecoder d = TokenDecoder.open(f)) {
            assertTrue(d.cleansUpTokenizationSpaces());
            // transformers replaces " ," by "," and so on after decoding; " the" is untouched.
            assertArrayEquals(new String[] {",", "'s", ".", "<|endoftext|>", " the"},
                d.decode(new int[] {12, 13, 14, 15, 6}));
        }
        try (TokenDecoder d = TokenDecoder.open(f, false)) { // an explicit choice wins
            assertEquals(" ,", d.decode(12));
        }
        Files.writeString(config, "{\"clean_up_tokenization_spaces\": false}");
        try (TokenDecoder d = TokenDecoder.open(f)) {
            assertEquals(" ,", d.decode(12));
        }
        assertEquals("a, b. I'm x's y'z don't!?",
            TokenizerFiles.cleanUp("a , b . I 'm x 's y ' z do n't ! ?"));
    }

    @Test
    void eachIdIsDecodedOnceAndReused() {
        try (TokenDecoder d = TokenDecoder.open(BYTE_BPE)) {
            assertEquals(0, d.decodedCount());
            String first = d.decode(6);
            assertSame(first, d.decode(6));
            assertSame(first, d.decode(new int[] {6, 6})[1]);
            assertEquals(1, d.decodedCount());
        }
    }

    @Test
    void concurrentDecodingIsConsistent() throws Exception {
        String[] reference;
        try (TokenDecoder d = TokenDecoder.open(BYTE_BPE)) {
            reference = d.decode(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12});
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try (TokenDecoder d = TokenDecoder.open(BYTE_BPE)) {
            for (int round = 0; round < 20; round++) {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<String[]>> results = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    List<Integer> order = new ArrayList<>();
                    for (int i = 0; i < reference.length; i++) {
                        order.add(i);
                    }
                    Collections.shuffle(order, new java.util.Random(round * 31L + t));
                    results.add(pool.submit(() -> {
                        start.await();
                        String[] got = new String[reference.length];
                        for (int id : order) {
                            got[id] = d.decode(id);
                        }
                        return got;
                    }));
                }
                start.countDown();
                String[] first = results.get(0).get();
                assertArrayEquals(reference, first);
                for (Future<String[]> r : results) {
                    String[] got = r.get();
                    for (int i = 0; i < got.length; i++) {
                        assertSame(first[i], got[i], "id " + i); // one instance per id
                    }
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void closeKeepsDecodedTokensAndIsIdempotent() {
        TokenDecoder d = TokenDecoder.open(BYTE_BPE);
        String the = d.decode(6);
        d.close();
        d.close();
        assertSame(the, d.decode(6));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> d.decode(7));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
    }
}
