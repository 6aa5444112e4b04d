package dev.augur.tokenizer;

import com.sun.jna.Platform;
import dev.augur.nativelib.PrivateNativeFolder;
import java.nio.file.Path;

/**
 * Points JNA's dispatch library at a checked copy in this process's private folder. DJL brings
 * JNA along and uses it whenever it detects the platform (looking for a CUDA runtime), so every
 * tokenizer load runs it; left to itself JNA unpacks the library into ~/.cache/JNA/temp, or
 * XDG_CACHE_HOME, or java.io.tmpdir, which may be shared. JNA's {@code jna.boot.library.path}
 * names the folder to load it from instead; one the user set is left as it is.
 */
final class JnaLibrary {
    static final String BOOT_PATH = "jna.boot.library.path";
    static final String NO_UNPACK = "jna.nounpack";
    private static boolean pinned;

    private JnaLibrary() {
    }

    /** Call before JNA's Native class initializes (any DJL platform detection). */
    static synchronized void pin() {
        if (pinned || System.getProperty(BOOT_PATH) != null) {
            return;
        }
        // JNA's name for it: libjnidispatch.so, libjnidispatch.jnilib on macOS, jnidispatch.dll
        String file = System.mapLibraryName("jnidispatch").replace(".dylib", ".jnilib");
        Path lib = PrivateNativeFolder.extract(Platform.class,
            "/com/sun/jna/" + Platform.RESOURCE_PREFIX + "/" + file, "jna", file);
        System.setProperty(BOOT_PATH, lib.getParent().toString());
        // nothing to unpack then; it also stops JNA making (and sweeping) its shared temp folder
        if (System.getProperty(NO_UNPACK) == null) {
            System.setProperty(NO_UNPACK, "true");
        }
        pinned = true;
    }
}
