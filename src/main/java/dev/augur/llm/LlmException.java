package dev.augur.llm;

/**
 * A chat request that finally failed: a non-retryable HTTP status, retries exhausted, or an
 * endpoint that stayed down longer than {@link LlmConfig#maxOutageMs()}. The message never
 * contains the API key (bodies are excerpted and redacted).
 */
public class LlmException extends RuntimeException {
    private final int httpStatus;
    private final int attempts;

    public LlmException(String message, int httpStatus, int attempts) {
        super(message);
        this.httpStatus = httpStatus;
        this.attempts = attempts;
    }

    /** The HTTP status of the last attempt, or -1 when it got none (timeout, connection error). */
    public int httpStatus() {
        return httpStatus;
    }

    /** How many HTTP attempts were made (0 when the request never reached the network). */
    public int attempts() {
        return attempts;
    }
}
