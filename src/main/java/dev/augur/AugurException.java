package dev.augur;

/**
 * An error the user can act on: bad input, a missing file, an inconsistent setting. The command
 * line prints only its message (no stack trace), so the message must name the file or field and
 * the problem.
 */
public class AugurException extends RuntimeException {
    public AugurException(String message) {
        super(message);
    }

    public AugurException(String message, Throwable cause) {
        super(message, cause);
    }
}
