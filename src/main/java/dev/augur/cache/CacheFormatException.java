package dev.augur.cache;

import dev.augur.AugurException;
import java.nio.file.Path;

/** A latent cache file or folder that does not match delphi's layout (SPEC section 2). */
public final class CacheFormatException extends AugurException {
    public CacheFormatException(Path file, String problem) {
        super(file + ": " + problem);
    }

    public CacheFormatException(String message) {
        super(message);
    }
}
