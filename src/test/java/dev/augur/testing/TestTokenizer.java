package dev.augur.testing;

import java.nio.file.Path;

/** The tokenizer of the tests' caches: a small byte-level BPE (tests run from the project folder). */
public final class TestTokenizer {
    /** src/test/resources/tokenizers/byte-bpe.json, relative to the project folder. */
    public static final Path BYTE_BPE = Path.of("src/test/resources/tokenizers/byte-bpe.json");

    private TestTokenizer() {}
}
