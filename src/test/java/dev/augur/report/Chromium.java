package dev.augur.report;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/** Runs real headless Chromium on a page, bounded by a timeout; fails (never skips) when it is missing. */
final class Chromium {
    static final long TIMEOUT_S = 60;
    /** What Chromium logs for an uncaught exception or a console.error call. */
    private static final Pattern ERROR = Pattern.compile("Uncaught|CONSOLE\\(\\d+\\)[^\\n]*error|:ERROR:CONSOLE",
        Pattern.CASE_INSENSITIVE);

    record Result(String stdout, String stderr) {
        /** stderr lines that report a script error. */
        List<String> consoleErrors() {
            return stderr.lines().filter(l -> ERROR.matcher(l).find()).toList();
        }
    }

    private Chromium() {
    }

    /** $AUGUR_CHROMIUM, else chromium (or chromium-browser) on the PATH. */
    static String binary() {
        String env = System.getenv("AUGUR_CHROMIUM");
        if (env != null && !env.isBlank()) {
            return env;
        }
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
            for (String name : List.of("chromium", "chromium-browser")) {
                if (Files.isExecutable(Path.of(dir, name))) {
                    return Path.of(dir, name).toString();
                }
            }
        }
        return fail("headless Chromium is needed to test the HTML report but 'chromium' is not on the "
            + "PATH: install it (apt-get install -y chromium; .ci/run does) or set AUGUR_CHROMIUM");
    }

    /** Runs chromium headless with the given extra arguments on the page; its own profile under work. */
    static Result run(Path work, Path page, String... extra) throws IOException, InterruptedException {
        Files.createDirectories(work);
        List<String> cmd = new ArrayList<>(List.of(binary(), "--headless", "--no-sandbox", "--disable-gpu",
            "--disable-dev-shm-usage", "--no-first-run", "--enable-logging=stderr", "--v=0",
            "--user-data-dir=" + work.resolve("profile"), "--virtual-time-budget=5000"));
        cmd.addAll(List.of(extra));
        cmd.add(page.toUri().toString());
        Path out = Files.createTempFile(work, "chromium", ".out");
        Path err = Files.createTempFile(work, "chromium", ".err");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        if (!p.waitFor(TIMEOUT_S, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            fail("chromium did not finish within " + TIMEOUT_S + " s: " + String.join(" ", cmd)
                + "\n" + Files.readString(err, StandardCharsets.UTF_8));
        }
        Result r = new Result(Files.readString(out, StandardCharsets.UTF_8),
            Files.readString(err, StandardCharsets.UTF_8));
        if (p.exitValue() != 0) {
            fail("chromium exited " + p.exitValue() + ": " + String.join(" ", cmd) + "\n" + r.stderr());
        }
        return r;
    }
}
