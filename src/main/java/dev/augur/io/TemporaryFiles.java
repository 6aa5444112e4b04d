package dev.augur.io;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * New empty files under a unique random name, created with the mode the user's umask gives a
 * new file (0666 & ~umask). {@code Files.createTempFile} makes 0600 files whatever the umask,
 * and the rename that publishes a temporary file keeps its mode: results written that way
 * could be read by their writer only, not by a colleague sharing the results folder or by
 * another node's user.
 */
public final class TemporaryFiles {
    /** A 64-bit random name clashes about never; a clash only costs another try. */
    private static final int ATTEMPTS = 100;

    private TemporaryFiles() {
    }

    /** Creates {@code <dir>/<prefix><random><suffix>}; fails rather than open an existing path. */
    public static Path create(Path dir, String prefix, String suffix) throws IOException {
        for (int attempt = 1; ; attempt++) {
            String random = Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36);
            try {
                return Files.createFile(dir.resolve(prefix + random + suffix));
            } catch (FileAlreadyExistsException e) {
                if (attempt == ATTEMPTS) {
                    throw e;
                }
            }
        }
    }
}
