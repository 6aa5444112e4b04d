package dev.augur.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Writes a file whole or not at all: a temporary file beside it, then an atomic rename. */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /** The content producer writes to a stream; it may throw IOException. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    public static void write(Path target, Content content) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                content.writeTo(out);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
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
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                content.writeTo(out);
            }
            try {
                Files.createLink(target, tmp);
                return true;
            } catch (FileAlreadyExistsException e) {
                return false;
            } catch (UnsupportedOperationException | IOException e) {
                if (Files.exists(target)) {
                    return false;
                }
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
                return true;
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
