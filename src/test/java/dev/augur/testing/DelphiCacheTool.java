package dev.augur.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code bench/make_delphi_cache.py}, the numpy writer whose output is byte-identical to
 * delphi's own save_splits, so tests read caches written exactly as delphi writes them.
 * The interpreter is {@code $AUGUR_PYTHON} or python3; it needs numpy (.ci/run installs it).
 */
public final class DelphiCacheTool {
    private DelphiCacheTool() {
    }

    public static Path script() {
        Path p = Path.of("bench", "make_delphi_cache.py").toAbsolutePath();
        if (!Files.isRegularFile(p)) {
            throw new IllegalStateException("missing " + p);
        }
        return p;
    }

    public static String python() {
        String env = System.getenv("AUGUR_PYTHON");
        return env == null || env.isBlank() ? "python3" : env;
    }

    /** Writes a cache under {@code out} with the given extra flags; returns the tool's output. */
    public static String generate(Path out, String... flags) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(python(), script().toString(), "--out",
            out.toString()));
        cmd.addAll(List.of(flags));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("make_delphi_cache.py timed out: " + cmd);
        }
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new IllegalStateException("make_delphi_cache.py failed (" + p.exitValue()
                + "; it needs numpy: set AUGUR_PYTHON to a python3 that has it): " + text);
        }
        return text;
    }
}
