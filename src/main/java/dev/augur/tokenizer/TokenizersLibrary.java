package dev.augur.tokenizer;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.util.Platform;
import dev.augur.nativelib.PrivateNativeFolder;
import java.nio.file.Path;

/**
 * Points DJL's HuggingFace tokenizers binding at a checked copy in this process's private folder.
 * DJL's own loader reuses {@code <cache>/tokenizers/<version>-<flavor>-<os-arch>/libtokenizers.so}
 * without a check, and that cache is shared when DJL_CACHE_DIR or ENGINE_CACHE_DIR names a shared
 * folder or the home folder is not writable (DJL then uses java.io.tmpdir/.djl.ai). DJL's
 * documented override, RUST_LIBRARY_PATH (environment or system property), names the file to load
 * instead; one the user set is left as it is. JNA, which DJL loads on the way, is pinned too.
 */
public final class TokenizersLibrary {
    static final String OVERRIDE = "RUST_LIBRARY_PATH";
    private static boolean pinned;

    private TokenizersLibrary() {
    }

    /**
     * Call before DJL's tokenizers classes initialize (any HuggingFaceTokenizer use).
     *
     * @throws dev.augur.nativelib.NativeLibraryException when the library cannot be put in place
     */
    public static synchronized void pin() {
        JnaLibrary.pin(); // DJL's platform detection below loads JNA
        if (pinned || System.getenv(OVERRIDE) != null || System.getProperty(OVERRIDE) != null) {
            return;
        }
        String name = System.mapLibraryName("tokenizers");
        if (name.endsWith(".dll")) {
            return; // Windows needs three more DLLs beside it; DJL's per-user cache is used there
        }
        String classifier = Platform.detectPlatform("tokenizers").getClassifier();
        Path lib = PrivateNativeFolder.extract(HuggingFaceTokenizer.class,
            "/native/lib/" + classifier + "/cpu/" + name, "tokenizers", name);
        System.setProperty(OVERRIDE, lib.toString());
        pinned = true;
    }
}
