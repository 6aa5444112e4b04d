package dev.augur.testing;

import dev.augur.AugurException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What every fuzz target of a file parser needs: a scratch folder that lives as long as the fuzz
 * JVM, and the one rule every parser of untrusted files keeps (SPEC; developers' guide): bad
 * content is an {@link AugurException} whose message is one line naming the file. Anything else
 * thrown (a RuntimeException, an Error such as OutOfMemoryError) escapes to Jazzer as a finding.
 */
public final class FuzzFiles {
    private static Path scratch;
    private static final java.util.concurrent.atomic.AtomicLong INPUTS = new java.util.concurrent.atomic.AtomicLong();
    private static volatile long firstNanos;

    private FuzzFiles() {
    }

    /** A folder of this JVM's own, removed at exit. */
    public static synchronized Path scratch() {
        if (scratch == null) {
            try {
                scratch = Files.createTempDirectory("augur-fuzz");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Path dir = scratch;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir)));
        }
        return scratch;
    }

    /** Writes the bytes to {@code <scratch>/<relative>}, creating folders. */
    public static Path write(String relative, byte[] content) {
        Path f = scratch().resolve(relative);
        try {
            Files.createDirectories(f.getParent());
            Files.write(f, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return f;
    }

    /** A parser's action on one input. */
    @FunctionalInterface
    public interface Parse {
        void run() throws Exception;
    }

    /**
     * Runs the parse; an AugurException passes if its message is one line that mentions
     * {@code mustName} (the file's name), any other exception or error is rethrown as a finding.
     */
    public static void acceptsOrRejectsCleanly(String mustName, Parse parse) throws Exception {
        if (INPUTS.getAndIncrement() == 0) {
            firstNanos = System.nanoTime();
        }
        check(mustName, parse);
    }

    /** As {@link #acceptsOrRejectsCleanly}, for a second reader of the same input (not counted). */
    public static void check(String mustName, Parse parse) throws Exception {
        try {
            parse.run();
        } catch (AugurException e) {
            checkMessage(e, mustName);
        }
    }

    public static void checkMessage(AugurException e, String mustName) {
        String m = e.getMessage();
        if (m == null || m.isBlank() || m.contains("\n") || m.contains("\r")) {
            throw new AssertionError("error message is not one line: " + m, e);
        }
        if (mustName != null && !m.contains(mustName)) {
            throw new AssertionError("error message does not name " + mustName + ": " + m, e);
        }
    }

    /**
     * Prints how many inputs this JVM's target ran and for how long (call from @AfterAll; with
     * redirectTestOutputToFile it lands in target/fuzz-reports/&lt;class&gt;-output.txt).
     */
    public static void report(Class<?> target) {
        double s = INPUTS.get() == 0 ? 0 : (System.nanoTime() - firstNanos) / 1e9;
        System.out.printf(java.util.Locale.ROOT, "augur-fuzz %s: %d inputs in %.1f s%n",
            target.getSimpleName(), INPUTS.get(), s);
    }

    private static void deleteTree(Path dir) {
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // best effort at exit: a leftover temp folder is harmless
            return;
        }
    }
}
