package dev.augur.explain;

/** No explanation is available for a latent (no file, or no other latent to borrow from). */
public final class MissingExplanationException extends RuntimeException {
    public MissingExplanationException(String message) {
        super(message, null, false, false);
    }
}
