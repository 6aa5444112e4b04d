package dev.augur.tokenizer;

import dev.augur.AugurException;

/** A tokenizer file that is missing, unreadable or not a HuggingFace tokenizer.json. */
public final class TokenizerException extends AugurException {
    public TokenizerException(String message) {
        super(message);
    }
}
