package dev.augur.tokenizer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;

/**
 * Reads what the decoder needs from a HuggingFace tokenizer folder without the native library:
 * the vocabulary size of tokenizer.json and the {@code clean_up_tokenization_spaces} flag of
 * the tokenizer_config.json beside it. Errors name the file and the problem.
 */
final class TokenizerFiles {
    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * Ids a tokenizer may use: the decoder keeps a table of vocabulary size, so one absurd id
     * must not allocate gigabytes. Real vocabularies are far below (GPT-2 50,257; Gemma 256,000).
     */
    static final long MAX_VOCAB = 1L << 24;

    private TokenizerFiles() {
    }

    /** One more than the largest id in {@code model.vocab} or {@code added_tokens}. */
    static int vocabSize(Path file) {
        JsonNode root = readJson(file);
        if (root == null || !root.isObject() || !root.path("model").isObject()) {
            throw new TokenizerException(file + ": not a tokenizer.json (no \"model\" object)");
        }
        long max = -1;
        JsonNode vocab = root.path("model").path("vocab");
        if (vocab.isObject()) { // BPE, WordPiece, WordLevel: {"piece": id}
            for (Iterator<JsonNode> it = vocab.elements(); it.hasNext(); ) {
                max = Math.max(max, it.next().asLong(-1));
            }
        } else if (vocab.isArray()) { // Unigram: [[piece, score], ...], the id is the position
            max = vocab.size() - 1L;
        }
        for (JsonNode added : root.path("added_tokens")) {
            max = Math.max(max, added.path("id").asLong(-1));
        }
        if (max < 0) {
            throw new TokenizerException(file + ": no usable vocabulary in \"model.vocab\"");
        }
        checkDecoders(file, root.path("decoder"));
        if (max >= MAX_VOCAB) {
            throw new TokenizerException(file + ": token id " + max + " in \"model.vocab\" or "
                + "\"added_tokens\" is past the limit of " + MAX_VOCAB + " ids: not a real tokenizer");
        }
        return (int) max + 1;
    }

    /**
     * Rejects decoders the native tokenizers library (0.21) cannot run safely. Its {@code Strip}
     * decoder with {@code stop > 0} indexes past the token for a token shorter than {@code stop}
     * or made only of the stripped character, and the Rust panic aborts the whole JVM (found by
     * TokenizerFuzzTest). No published tokenizer strips at the end (Llama's uses start 1, stop
     * 0), so the whole decoder tree (Sequence nests decoders; untagged legacy objects have no
     * "type") is searched for a non-zero "stop".
     */
    private static void checkDecoders(Path file, JsonNode decoder) {
        if (decoder.isObject()) {
            JsonNode stop = decoder.get("stop");
            if (stop != null && stop.isNumber() && stop.asDouble() != 0) {
                throw new TokenizerException(file + ": decoder Strip with \"stop\": "
                    + stop.asText() + " is not supported (the tokenizers library crashes on "
                    + "it; only \"stop\": 0 is)");
            }
        }
        if (decoder.isContainerNode()) {
            for (JsonNode child : decoder) {
                checkDecoders(file, child);
            }
        }
    }

    /**
     * Whether transformers would clean up tokenization spaces after decoding with this
     * tokenizer: the {@code clean_up_tokenization_spaces} of the tokenizer_config.json beside
     * it, else false (the transformers default since v4.45; DJL does not apply it for us
     * when loading a bare tokenizer.json).
     */
    static boolean cleanUpSpaces(Path tokenizerJson) {
        Path dir = tokenizerJson.toAbsolutePath().getParent();
        Path config = dir == null ? null : dir.resolve("tokenizer_config.json");
        if (config == null || !Files.isRegularFile(config)) {
            return false;
        }
        JsonNode flag = readJson(config).path("clean_up_tokenization_spaces");
        return flag.isBoolean() && flag.booleanValue();
    }

    /** transformers' {@code PreTrainedTokenizerBase.clean_up_tokenization}, same order. */
    static String cleanUp(String s) {
        return s.replace(" .", ".").replace(" ?", "?").replace(" !", "!").replace(" ,", ",")
            .replace(" ' ", "'").replace(" n't", "n't").replace(" 'm", "'m").replace(" 's", "'s")
            .replace(" 've", "'ve").replace(" 're", "'re");
    }

    private static JsonNode readJson(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new TokenizerException(file + ": cannot read (" + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : ": " + firstLine(e.getMessage())) + ")");
        }
        try {
            return JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new TokenizerException(file + ": not valid JSON (" + firstLine(e.getOriginalMessage())
                + " at line " + e.getLocation().getLineNr() + ")");
        } catch (IOException e) {
            throw new TokenizerException(file + ": not valid JSON (" + firstLine(e.getMessage()) + ")");
        }
    }

    static String firstLine(String message) {
        return String.valueOf(message).lines().findFirst().orElse("");
    }
}
