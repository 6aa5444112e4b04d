package dev.augur.embed;

import ai.onnxruntime.OrtEnvironment;
import dev.augur.nativelib.PrivateNativeFolder;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Points ONNX Runtime at checked copies of its two libraries in this process's private folder,
 * through its documented {@code onnxruntime.native.path} property (a folder holding both). Left to
 * itself ORT copies them into a fresh onnxruntime-java* folder in java.io.tmpdir and marks that
 * folder for deletion before its files, so every process leaves an empty folder behind; given
 * the path it extracts nothing, and its then empty folder does go at exit. Paths the user set
 * (onnxruntime.native.*) are left as they are.
 */
final class OnnxRuntimeLibrary {
    private static final String PREFIX = "onnxruntime.native.";
    static final String PATH_PROPERTY = PREFIX + "path";
    private static final String[] LIBRARIES = {"onnxruntime", "onnxruntime4j_jni"};
    private static boolean pinned;

    private OnnxRuntimeLibrary() {
    }

    /**
     * Call before any ai.onnxruntime class initializes.
     *
     * @throws dev.augur.nativelib.NativeLibraryException when a library cannot be put in place
     */
    static synchronized void pin() {
        String folder = osArch();
        if (pinned || folder == null || userChoseTheLibraries()) {
            return;
        }
        Path dir = null;
        for (String library : LIBRARIES) {
            String file = System.mapLibraryName(library).replace(".jnilib", ".dylib");
            dir = PrivateNativeFolder.extract(OrtEnvironment.class,
                "/ai/onnxruntime/native/" + folder + "/" + file, "onnxruntime", file).getParent();
        }
        System.setProperty(PATH_PROPERTY, dir.toString());
        pinned = true;
    }

    /** Any onnxruntime.native.* setting (the folder, one library's path, a skip) is the user's. */
    private static boolean userChoseTheLibraries() {
        return System.getProperties().stringPropertyNames().stream().anyMatch(k -> k.startsWith(PREFIX));
    }

    /** The jar's folder for this platform as ORT names it (linux-x64, osx-aarch64, ...), or null. */
    private static String osArch() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        String o = os.contains("mac") || os.contains("darwin") ? "osx"
            : os.contains("win") ? "win" : os.contains("nux") ? "linux" : null;
        String a = arch.startsWith("amd64") || arch.startsWith("x86_64") ? "x64"
            : arch.startsWith("aarch64") ? "aarch64" : null;
        return o == null || a == null ? null : o + "-" + a;
    }
}
