package dev.augur.tokenizer;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Decodes token ids one at a time exactly as HuggingFace's {@code batch_decode} of a 1-D id
 * list does (each id alone, special tokens kept), through DJL's binding of the HuggingFace
 * tokenizers library (native, offline). Each id is decoded once and the string reused.
 */
public final class TokenDecoder implements AutoCloseable {
    private final Path file;
    private final HuggingFaceTokenizer tokenizer;
    private final AtomicReferenceArray<String> table;

    private TokenDecoder(Path file, HuggingFaceTokenizer tokenizer, int vocabSize) {
        this.file = file;
        this.tokenizer = tokenizer;
        this.table = new AtomicReferenceArray<>(vocabSize);
    }

    public static TokenDecoder open(Path tokenizerJson) {
        if (!Files.isRegularFile(tokenizerJson)) {
            throw new TokenizerException(tokenizerJson + ": tokenizer file not found");
        }
        int vocab = vocabSize(tokenizerJson);
        // DJL must not try to download anything; set before its classes initialize.
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        try {
            HuggingFaceTokenizer t = HuggingFaceTokenizer.newInstance(tokenizerJson,
                Map.of("addSpecialTokens", "false"));
            return new TokenDecoder(tokenizerJson, t, vocab);
        } catch (IOException | RuntimeException e) {
            throw new TokenizerException(tokenizerJson + ": not a HuggingFace tokenizer.json ("
                + String.valueOf(e.getMessage()).lines().findFirst().orElse("") + ")");
        }
    }

    /** One more than the largest id in the model's vocabulary or the added tokens. */
    static int vocabSize(Path file) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new TokenizerException(file + ": not valid JSON ("
                + String.valueOf(e.getMessage()).lines().findFirst().orElse("") + ")");
        }
        if (root == null || !root.isObject() || !root.path("model").isObject()) {
            throw new TokenizerException(file + ": not a tokenizer.json (no \"model\" object)");
        }
        long max = -1;
        JsonNode vocab = root.path("model").path("vocab");
        if (vocab.isObject()) { // BPE, WordPiece, WordLevel: {"piece": id}
            for (Iterator<JsonNode> it = vocab.elements(); it.hasNext(); ) {
                max = Math.max(max, it.next().asLong(-1));
            }
        } else if (vocab.isArray()) { // Unigram: [[piece, score], ...], id = position
            max = vocab.size() - 1L;
        }
        for (JsonNode added : root.path("added_tokens")) {
            max = Math.max(max, added.path("id").asLong(-1));
        }
        if (max < 0 || max >= Integer.MAX_VALUE) {
            throw new TokenizerException(file + ": no usable vocabulary in \"model.vocab\"");
        }
        return (int) max + 1;
    }

    public Path file() {
        return file;
    }

    public int vocabSize() {
        return table.length();
    }

    /** The text of one token, decoded alone (so " the" keeps its leading space). */
    public String decode(int id) {
        if (id < 0 || id >= table.length()) {
            throw new TokenizerException("token id " + id + " is outside the vocabulary of "
                + file + " (0.." + (table.length() - 1) + ")");
        }
        String s = table.get(id);
        if (s == null) {
            // Two threads may decode the same id at once; both get the same text, one is kept.
            s = tokenizer.decode(new long[] {id}, false);
            if (!table.compareAndSet(id, null, s)) {
                s = table.get(id);
            }
        }
        return s;
    }

    public String[] decode(int[] ids) {
        String[] out = new String[ids.length];
        for (int i = 0; i < ids.length; i++) {
            out[i] = decode(ids[i]);
        }
        return out;
    }

    public List<String> decodeAll(int[] ids) {
        return List.of(decode(ids));
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
