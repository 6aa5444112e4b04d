package dev.augur.tokenizer;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Counts the tokens of a text with a tokenizer.json (DJL's binding of the HuggingFace tokenizers
 * library, offline, the pinned native library, no special tokens added). Used to estimate what
 * prompts cost when the model's own tokenizer is not at hand. Thread-safe.
 */
public final class TokenCounter implements AutoCloseable {
    private final Path file;
    private final HuggingFaceTokenizer tokenizer;
    // a close racing a count must not free the tokenizer under the native call
    private final ReadWriteLock nativeLock = new ReentrantReadWriteLock();
    private boolean closed;

    private TokenCounter(Path file, HuggingFaceTokenizer tokenizer) {
        this.file = file;
        this.tokenizer = tokenizer;
    }

    /** @throws TokenizerException when the file is missing or not a tokenizer.json */
    public static TokenCounter open(Path tokenizerJson) {
        TokenDecoder.open(tokenizerJson).close(); // the same checks and one-line errors as decoding
        try {
            return new TokenCounter(tokenizerJson,
                HuggingFaceTokenizer.newInstance(tokenizerJson, Map.of("addSpecialTokens", "false")));
        } catch (IOException | RuntimeException e) {
            throw new TokenizerException(tokenizerJson + ": not a HuggingFace tokenizer.json ("
                + TokenizerFiles.firstLine(e.getMessage()) + ")");
        }
    }

    public Path file() {
        return file;
    }

    /** The number of tokens of {@code text}; 0 for an empty text. */
    public int count(String text) {
        if (text.isEmpty()) {
            return 0;
        }
        nativeLock.readLock().lock();
        try {
            if (closed) {
                throw new IllegalStateException("token counter for " + file + " is closed");
            }
            return tokenizer.encode(text, false, false).getIds().length;
        } finally {
            nativeLock.readLock().unlock();
        }
    }

    @Override
    public void close() {
        nativeLock.writeLock().lock();
        try {
            if (!closed) {
                closed = true;
                tokenizer.close();
            }
        } finally {
            nativeLock.writeLock().unlock();
        }
    }
}
