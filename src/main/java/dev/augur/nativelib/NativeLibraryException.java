package dev.augur.nativelib;

import dev.augur.AugurException;

/** A bundled native library that cannot be put in place for loading (its message says why). */
public final class NativeLibraryException extends AugurException {
    public NativeLibraryException(String message, Throwable cause) {
        super(message, cause);
    }
}
