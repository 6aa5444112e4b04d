package dev.augur.nativelib;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The one place this process takes native code from: a folder it creates itself under
 * java.io.tmpdir (a fresh random name, mode 0700 on POSIX systems, so no other user can put or
 * change a file in it), removed when the JVM exits. Libraries are copied there from the jar and
 * checked against the jar's bytes (SHA-256) before any loader is pointed at them.
 *
 * <p>The libraries' own loaders reuse a file of a fixed name in a shared folder without a check
 * (JCuda in java.io.tmpdir, DJL in its cache folder), which lets another local user run code in
 * this process; each library is therefore pointed here instead.
 */
public final class PrivateNativeFolder {
    private static final String PREFIX = "augur-native-";
    private static Path folder;

    private PrivateNativeFolder() {
    }

    /**
     * Copies a jar resource to {@code <folder>/<subfolder>/<fileName>} once per process and returns
     * that path after checking the copy's SHA-256 against the resource's.
     *
     * @param owner the class whose loader finds the resource (the library's own class)
     * @param resource the resource's absolute name, such as {@code /lib/libX.so}
     * @throws NativeLibraryException when the resource is missing or the copy fails or differs
     */
    public static synchronized Path extract(Class<?> owner, String resource, String subfolder, String fileName) {
        Path target = folder().resolve(subfolder).resolve(fileName);
        if (Files.isRegularFile(target)) {
            return target; // this process wrote and checked it
        }
        boolean done = false;
        try (InputStream in = owner.getResourceAsStream(resource)) {
            if (in == null) {
                throw new NativeLibraryException("native library " + resource + ": not found beside "
                    + owner.getName(), null);
            }
            Files.createDirectories(target.getParent(), ownerOnly());
            verify(target, copy(in, target));
            done = true;
            return target;
        } catch (IOException e) {
            throw new NativeLibraryException("native library " + resource + ": cannot copy it to "
                + target + " (" + e.getMessage() + ")", e);
        } finally {
            if (!done) {
                deleteQuietly(target); // a later call must not take a partial or foreign copy
            }
        }
    }

    /** This process's folder, created on first use. */
    public static synchronized Path folder() {
        if (folder == null) {
            try {
                long pid = ProcessHandle.current().pid();
                folder = Files.createTempDirectory(PREFIX + pid + "-", ownerOnly());
                removeStale(folder.getParent(), Files.getOwner(folder), p -> p == pid || ProcessHandle.of(p).isPresent());
            } catch (IOException e) {
                throw new NativeLibraryException("java.io.tmpdir " + System.getProperty("java.io.tmpdir")
                    + ": cannot create a private folder for native libraries (" + e.getMessage() + ")", e);
            }
            Path created = folder;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(created), "augur-native-cleanup"));
        }
        return folder;
    }

    /**
     * Removes the folders of this user's processes that ended without their shutdown hook
     * (SIGKILL, a crash): {@code augur-native-<pid>-<random>} whose process is gone. A folder of
     * another user, or of a live process (or a reused pid), is left alone.
     */
    static int removeStale(Path tmp, java.nio.file.attribute.UserPrincipal me, java.util.function.LongPredicate alive) {
        int removed = 0;
        try (Stream<Path> entries = Files.list(tmp)) {
            for (Path p : entries.toList()) {
                long pid = pidOf(p.getFileName().toString());
                if (pid > 0 && !alive.test(pid) && Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                    && me.equals(Files.getOwner(p, java.nio.file.LinkOption.NOFOLLOW_LINKS))) {
                    deleteTree(p);
                    removed++;
                }
            }
        } catch (IOException e) {
            // best effort: a leftover folder wastes space, nothing more
        }
        return removed;
    }

    /** The pid in {@code augur-native-<pid>-<random>}, or -1. */
    static long pidOf(String name) {
        if (!name.startsWith(PREFIX)) {
            return -1;
        }
        int dash = name.indexOf('-', PREFIX.length());
        try {
            return dash < 0 ? -1 : Long.parseLong(name.substring(PREFIX.length(), dash));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Writes the stream to a new file (never an existing one) and returns the stream's SHA-256. */
    private static byte[] copy(InputStream in, Path target) throws IOException {
        try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW,
            StandardOpenOption.WRITE)) {
            return digest(in, out);
        }
    }

    /** Re-reads the file: what a loader will map must be exactly the jar's bytes. */
    static void verify(Path file, byte[] expected) throws IOException {
        byte[] actual;
        try (InputStream in = Files.newInputStream(file)) {
            actual = digest(in, OutputStream.nullOutputStream());
        }
        if (!MessageDigest.isEqual(expected, actual)) {
            throw new NativeLibraryException("native library " + file
                + ": its SHA-256 differs from the copy in the jar; not loading it", null);
        }
    }

    /** Passes the stream to {@code sink} and returns its SHA-256. */
    static byte[] digest(InputStream in, OutputStream sink) throws IOException {
        MessageDigest sha = sha256();
        new DigestInputStream(in, sha).transferTo(sink);
        return sha.digest();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** rwx------ where the file system has POSIX modes (elsewhere the user's own temp folder). */
    private static FileAttribute<?>[] ownerOnly() {
        if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            return new FileAttribute<?>[0];
        }
        return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"))};
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(PrivateNativeFolder::deleteQuietly);
        } catch (IOException e) {
            // already gone
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            // best effort: the folder is private to this user either way
        }
    }
}
