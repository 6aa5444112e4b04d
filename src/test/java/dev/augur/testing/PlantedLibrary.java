package dev.augur.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A shared library that another local user could leave where a loader looks: its load-time
 * constructor writes a marker file (the path comes from {@link #MARKER_ENV}), so a test sees
 * whether a process ran it. Built with the system's C compiler; tests are skipped without one.
 */
public final class PlantedLibrary {
    /** The environment variable the planted constructor reads the marker path from. */
    public static final String MARKER_ENV = "AUGUR_PLANTED_MARKER";

    private static final String SOURCE = """
        #include <stdio.h>
        #include <stdlib.h>
        __attribute__((constructor)) static void planted(void) {
            const char *path = getenv("%s");
            if (path == NULL) {
                return;
            }
            FILE *f = fopen(path, "a");
            if (f != NULL) {
                fputs("planted library ran: %s\\n", f);
                fclose(f);
            }
        }
        """;

    private PlantedLibrary() {
    }

    /** Compiles the planted library to {@code target} (folders made); skips the test without gcc. */
    public static void plant(Path target) throws IOException, InterruptedException {
        Files.createDirectories(target.getParent());
        Path src = Files.createTempFile("planted", ".c");
        try {
            Files.writeString(src, SOURCE.formatted(MARKER_ENV, target.getFileName()), StandardCharsets.UTF_8);
            Process p;
            try {
                p = new ProcessBuilder("gcc", "-shared", "-fPIC", "-o", target.toString(), src.toString())
                    .redirectErrorStream(true).start();
            } catch (IOException e) {
                assumeTrue(false, "no gcc to build the planted library: " + e.getMessage());
                return;
            }
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("gcc took over a minute");
            }
            String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new AssertionError("gcc failed: " + log);
            }
        } finally {
            Files.deleteIfExists(src);
        }
    }
}
