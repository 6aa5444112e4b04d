package dev.augur.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes a file whole or not at all: a temporary file beside it, then an atomic rename. The
 * file gets the mode the user's umask gives (see {@link TemporaryFiles}).
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /** The content producer writes to a stream; it may throw IOException. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    public static void write(Path target, Content content) throws IOException {
        viaTemporary(target, content, (tmp, t) -> {
            try {
                Files.move(tmp, t, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, t, StandardCopyOption.REPLACE_EXISTING);
            }
            return true;
        });
    }

    public static void write(Path target, byte[] bytes) throws IOException {
        write(target, out -> out.write(bytes));
    }

    /**
     * Writes the file whole unless it exists: true when this call created it. The first writer
     * wins even against another process or node on a shared folder: the complete temporary file
     * is hard-linked to the target, which the file system refuses atomically when the target
     * exists. Where hard links are not supported, an existence check then a rename.
     */
    public static boolean createIfAbsent(Path target, Content content) throws IOException {
        if (Files.exists(target)) {
            return false;
        }
        return viaTemporary(target, content, (tmp, t) -> {
            try {
                Files.createLink(t, tmp);
                return true;
            } catch (FileAlreadyExistsException e) {
                return false;
            } catch (UnsupportedOperationException | IOException e) {
                if (Files.exists(t)) {
                    return false;
                }
                Files.move(tmp, t, StandardCopyOption.ATOMIC_MOVE);
                return true;
            }
        });
    }

    /** How a finished temporary file becomes the target; false when it did not. */
    private interface Publish {
        boolean publish(Path tmp, Path target) throws IOException;
    }

    /** Writes the content to a temporary file beside the target, publishes it, never leaves it behind. */
    private static boolean viaTemporary(Path target, Content content, Publish how) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = TemporaryFiles.create(dir, "." + target.getFileName() + ".", ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                content.writeTo(out);
            }
            return how.publish(tmp, target);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
