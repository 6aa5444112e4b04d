package dev.augur.tokenizer;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Decodes token ids one at a time exactly as HuggingFace's {@code batch_decode} of a 1-D id
 * list does (each id alone, special tokens kept, so " the" keeps its space), through DJL's
 * binding of the HuggingFace tokenizers library (native, offline). Each id is decoded once
 * and the string reused; all methods may be called from many threads.
 */
public final class TokenDecoder implements AutoCloseable {
    private final Path file;
    private final HuggingFaceTokenizer tokenizer;
    private final AtomicReferenceArray<String> table;
    private final boolean cleanUpSpaces;
    // Guards the native handle: decoding a new id holds the read lock, close the write lock,
    // so a close racing a decode cannot free the tokenizer under the native call.
    private final ReadWriteLock nativeLock = new ReentrantReadWriteLock();
    private boolean closed;

    private TokenDecoder(Path file, HuggingFaceTokenizer tokenizer, int vocabSize,
                         boolean cleanUpSpaces) {
        this.file = file;
        this.tokenizer = tokenizer;
        this.table = new AtomicReferenceArray<>(vocabSize);
        this.cleanUpSpaces = cleanUpSpaces;
    }

    /**
     * A decoder over a fixed table of already-decoded ids (what a node without the tokenizer
     * file gets with a record sent over the event bus); other ids are an error.
     */
    public static TokenDecoder ofTable(int[] ids, String[] texts) {
        int size = 0;
        for (int id : ids) {
            size = Math.max(size, id + 1);
        }
        TokenDecoder d = new TokenDecoder(null, null, size, false);
        for (int i = 0; i < ids.length; i++) {
            d.table.set(ids[i], texts[i]);
        }
        return d;
    }

    /**
     * Opens a tokenizer.json. Like transformers, applies {@code clean_up_tokenization_spaces}
     * when a tokenizer_config.json beside the file sets it true.
     *
     * @throws TokenizerException when the file is missing, unreadable or not a tokenizer.json
     */
    public static TokenDecoder open(Path tokenizerJson) {
        requireFile(tokenizerJson);
        return open(tokenizerJson, TokenizerFiles.cleanUpSpaces(tokenizerJson));
    }

    /** Opens a tokenizer.json with {@code clean_up_tokenization_spaces} given explicitly. */
    public static TokenDecoder open(Path tokenizerJson, boolean cleanUpTokenizationSpaces) {
        requireFile(tokenizerJson);
        int vocab = TokenizerFiles.vocabSize(tokenizerJson);
        // DJL must not try to download anything; set before its classes initialize.
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        TokenizersLibrary.pin(); // never a libtokenizers.so planted in DJL's cache
        HuggingFaceTokenizer t;
        try {
            t = HuggingFaceTokenizer.newInstance(tokenizerJson, Map.of("addSpecialTokens", "false"));
        } catch (IOException | RuntimeException e) {
            throw new TokenizerException(tokenizerJson + ": not a HuggingFace tokenizer.json ("
                + TokenizerFiles.firstLine(e.getMessage()) + ")");
        } catch (LinkageError e) { // the native library did not load on this platform
            throw new TokenizerException(tokenizerJson + ": cannot load the native HuggingFace "
                + "tokenizers library (" + TokenizerFiles.firstLine(e.getMessage()) + ")");
        }
        return new TokenDecoder(tokenizerJson, t, vocab, cleanUpTokenizationSpaces);
    }

    private static void requireFile(Path tokenizerJson) {
        if (tokenizerJson == null) {
            throw new TokenizerException("no tokenizer file given");
        }
        if (Files.isDirectory(tokenizerJson)) {
            throw new TokenizerException(tokenizerJson + ": is a folder, not a tokenizer.json file");
        }
        if (!Files.isRegularFile(tokenizerJson)) {
            throw new TokenizerException(tokenizerJson + ": tokenizer file not found");
        }
    }

    public Path file() {
        return file;
    }

    /** One more than the largest id of the tokenizer (model vocabulary and added tokens). */
    public int vocabSize() {
        return table.length();
    }

    /** Whether transformers' clean_up_tokenization is applied to each decoded token. */
    public boolean cleansUpTokenizationSpaces() {
        return cleanUpSpaces;
    }

    /**
     * The text of one token, decoded alone.
     *
     * @throws TokenizerException when the id is negative or not below {@link #vocabSize()}
     */
    public String decode(int id) {
        if (id < 0 || id >= table.length()) {
            throw new TokenizerException("token id " + id + " is outside the vocabulary of "
                + file + " (ids 0.." + (table.length() - 1) + "); is it the model's tokenizer?");
        }
        String s = table.get(id);
        if (s == null) {
            // Two threads may decode the same id at once; both get the same text, the first
            // stored is kept, so every caller sees one String instance per id.
            String fresh = decodeNative(id);
            s = table.compareAndSet(id, null, fresh) ? fresh : table.get(id);
        }
        return s;
    }

    private String decodeNative(int id) {
        nativeLock.readLock().lock();
        try {
            if (tokenizer == null) {
                throw new TokenizerException("token id " + id + " was not sent with the record");
            }
            if (closed) {
                throw new IllegalStateException("token decoder for " + file + " is closed");
            }
            String s = tokenizer.decode(new long[] {id}, false);
            return cleanUpSpaces ? TokenizerFiles.cleanUp(s) : s;
        } finally {
            nativeLock.readLock().unlock();
        }
    }

    /** Each id decoded alone, in order (HF {@code batch_decode} of a 1-D id list). */
    public String[] decode(int[] ids) {
        String[] out = new String[ids.length];
        for (int i = 0; i < ids.length; i++) {
            out[i] = decode(ids[i]);
        }
        return out;
    }

    /** As {@link #decode(int[])}, as an unmodifiable list. */
    public List<String> decodeAll(int[] ids) {
        return List.of(decode(ids));
    }

    /** Releases the native tokenizer; ids decoded before stay available. Idempotent. */
    @Override
    public void close() {
        nativeLock.writeLock().lock();
        try {
            if (!closed) {
                closed = true;
                if (tokenizer != null) {
                    tokenizer.close();
                }
            }
        } finally {
            nativeLock.writeLock().unlock();
        }
    }

    @Override
    public String toString() {
        return "TokenDecoder[" + file + ", vocab " + table.length()
            + (cleanUpSpaces ? ", clean_up_tokenization_spaces" : "") + "]";
    }

    // Used only by tests: how many ids have been decoded so far.
    int decodedCount() {
        int n = 0;
        for (int i = 0; i < table.length(); i++) {
            n += table.get(i) == null ? 0 : 1;
        }
        return n;
    }
}
