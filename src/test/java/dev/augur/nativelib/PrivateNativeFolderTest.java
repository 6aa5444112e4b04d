package dev.augur.nativelib;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import jcuda.LibUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrivateNativeFolderTest {
    private static final String JCUDA_DRIVER = "/lib/" + LibUtils.createLibraryFileName(
        LibUtils.createPlatformLibraryName("JCudaDriver-" + jcuda.JCudaVersion.get()));

    @TempDir
    Path dir;

    @Test
    void theFolderIsFreshlyNamedUnderTheTemporaryFolderAndOnlyItsOwnerMayEnterIt() throws Exception {
        Path folder = PrivateNativeFolder.folder();
        assertEquals(Path.of(System.getProperty("java.io.tmpdir")).toRealPath(), folder.getParent().toRealPath());
        assertTrue(folder.getFileName().toString().matches("augur-native-" + ProcessHandle.current().pid() + "-\\d+"), folder.toString());
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(folder)));
        assertEquals(folder, PrivateNativeFolder.folder(), "one folder per process");
    }

    @Test
    void foldersLeftByKilledProcessesOfThisUserAreRemovedOthersAreKept() throws Exception {
        Path dead = Files.createDirectories(dir.resolve("augur-native-4000001-123/jcuda"));
        Files.writeString(dead.resolve("lib.so"), "x");
        Path live = Files.createDirectories(dir.resolve("augur-native-4000002-456"));
        Path other = Files.createDirectories(dir.resolve("augur-native-old"));
        Path unrelated = Files.createDirectories(dir.resolve("something-4000001-1"));
        var me = Files.getOwner(dir);
        assertEquals(1, PrivateNativeFolder.removeStale(dir, me, pid -> pid == 4000002));
        assertFalse(Files.exists(dead.getParent()), "the dead process's folder is removed");
        assertTrue(Files.isDirectory(live) && Files.isDirectory(other) && Files.isDirectory(unrelated));
        assertEquals(4000001, PrivateNativeFolder.pidOf("augur-native-4000001-99"));
        assertEquals(-1, PrivateNativeFolder.pidOf("augur-native-x-1"));
        // a folder of another user is never touched (the owner differs)
        var stranger = new java.nio.file.attribute.UserPrincipal() {
            @Override
            public String getName() {
                return "stranger";
            }
        };
        Path theirs = Files.createDirectories(dir.resolve("augur-native-4000003-1"));
        assertEquals(0, PrivateNativeFolder.removeStale(dir, stranger, pid -> false));
        assertTrue(Files.isDirectory(theirs));
    }

    @Test
    void aLibraryIsCopiedByteForByteFromTheJarOnce() throws Exception {
        Path lib = PrivateNativeFolder.extract(LibUtils.class, JCUDA_DRIVER, "test-jcuda", "driver.so");
        assertEquals(PrivateNativeFolder.folder().resolve("test-jcuda"), lib.getParent());
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(lib.getParent())));
        try (InputStream jar = LibUtils.class.getResourceAsStream(JCUDA_DRIVER)) {
            assertArrayEquals(jar.readAllBytes(), Files.readAllBytes(lib));
        }
        assertEquals(lib, PrivateNativeFolder.extract(LibUtils.class, JCUDA_DRIVER, "test-jcuda", "driver.so"));
    }

    @Test
    void aMissingResourceIsOneClearErrorAndLeavesNoFile() {
        NativeLibraryException e = assertThrows(NativeLibraryException.class,
            () -> PrivateNativeFolder.extract(LibUtils.class, "/lib/libNoSuch.so", "test-missing", "libNoSuch.so"));
        assertEquals("native library /lib/libNoSuch.so: not found beside jcuda.LibUtils", e.getMessage());
        assertFalse(Files.exists(PrivateNativeFolder.folder().resolve("test-missing/libNoSuch.so")));
    }

    @Test
    void aFileThatDiffersFromTheJarIsRefused() throws Exception {
        Path file = dir.resolve("lib.so");
        Files.writeString(file, "the jar's bytes", StandardCharsets.UTF_8);
        byte[] jarDigest;
        try (InputStream in = Files.newInputStream(file)) {
            jarDigest = PrivateNativeFolder.digest(in, OutputStream.nullOutputStream());
        }
        PrivateNativeFolder.verify(file, jarDigest); // the same bytes pass
        Files.writeString(file, "other bytes", StandardCharsets.UTF_8);
        NativeLibraryException e = assertThrows(NativeLibraryException.class,
            () -> PrivateNativeFolder.verify(file, jarDigest));
        assertTrue(e.getMessage().endsWith(": its SHA-256 differs from the copy in the jar; not loading it"),
            e.getMessage());
    }
}
