package dev.augur.construct.cuda;

import dev.augur.nativelib.PrivateNativeFolder;
import java.nio.file.Path;
import jcuda.JCudaVersion;
import jcuda.LibUtils;

/**
 * Loads JCuda's driver binding from this process's private folder. JCuda's own loader looks for
 * {@code libJCudaDriver-<version>-<os>-<arch>.so} directly in java.io.tmpdir and loads a file
 * already there without a check, so another local user could plant one. It reads java.io.tmpdir
 * anew each time, so while its class initializes (a few milliseconds, once per JVM) the property
 * names the private folder, where the checked copy already lies. Another thread reading the
 * property in that moment gets the private folder, which is harmless. JCuda tries
 * {@code System.loadLibrary} (java.library.path) first, as before.
 */
final class JCudaDriverLibrary {
    private static final String DRIVER_CLASS = "jcuda.driver.JCudaDriver";
    private static boolean initialized;

    private JCudaDriverLibrary() {
    }

    /**
     * Initializes JCudaDriver (which loads its binding) once per JVM.
     *
     * @throws LinkageError as JCuda's loader throws it (no libcuda here, for one)
     * @throws dev.augur.nativelib.NativeLibraryException when the binding cannot be put in place
     */
    static synchronized void load() {
        if (initialized) {
            return;
        }
        String file = LibUtils.createLibraryFileName(
            LibUtils.createPlatformLibraryName("JCudaDriver-" + JCudaVersion.get()));
        Path lib = PrivateNativeFolder.extract(LibUtils.class, "/lib/" + file, "jcuda", file);
        String tmpdir = System.getProperty("java.io.tmpdir");
        System.setProperty("java.io.tmpdir", lib.getParent().toString());
        try {
            initialized = true; // a failed class initialization is not retried by the JVM either
            Class.forName(DRIVER_CLASS, true, JCudaDriverLibrary.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new NoClassDefFoundError(DRIVER_CLASS);
        } finally {
            System.setProperty("java.io.tmpdir", tmpdir);
        }
    }
}
