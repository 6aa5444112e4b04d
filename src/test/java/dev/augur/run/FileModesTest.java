package dev.augur.run;

import dev.augur.testing.ScoringRunFixture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.augur.testing.FakeOpenAiServer;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code augur run} as a real process under a given umask: every file and folder of the run
 * gets the mode the umask gives (0666 / 0777 & ~umask), so a shared results folder is readable
 * by the group, not only by the user who ran it (temporary files are 0600 by default).
 */
class FileModesTest {
    private static final long DEADLINE_S = 180;

    @TempDir
    Path dir;
    Vertx vertx;
    FakeOpenAiServer server;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        server = FakeOpenAiServer.start(vertx, ScoringRunFixture::answer).await();
    }

    @AfterEach
    void stop() {
        server.close().await();
        vertx.close().await();
    }

    @ParameterizedTest
    @CsvSource({"027, rw-r-----, rwxr-x---", "022, rw-r--r--, rwxr-xr-x"})
    void runFilesFollowTheUmask(String umask, String fileMode, String dirMode) throws Exception {
        assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"));
        Path cache = ScoringRunFixture.writeCache(dir);
        Path results = dir.resolve("results-" + umask);
        List<String> cmd = new ArrayList<>(List.of("sh", "-c", "umask " + umask + " && exec \"$0\" \"$@\"",
            Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
            "-cp", System.getProperty("java.class.path"), "-Dai.djl.offline=true",
            "dev.augur.cli.Augur", "run", "--cache", cache.toString(),
            "--tokenizer", ScoringRunFixture.TOKENIZER.toString(), "--results", results.toString(), "--name", "r",
            "--llm-base-url", server.baseUrl(), "--model", "test-model", "--scorers", "detection",
            "--example-ctx-len", "8", "--min-examples", "20", "--n-train", "10", "--n-test", "20",
            "--n-quantiles", "5", "--n-non-activating", "12"));
        Path log = dir.resolve("augur-" + umask + ".log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(DEADLINE_S, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        assertEquals(0, p.exitValue(), Files.readString(log));

        Path run = results.resolve("r");
        Map<String, String> wrong = new TreeMap<>();
        List<String> files = new ArrayList<>();
        try (Stream<Path> all = Files.walk(results)) {
            for (Path f : all.toList()) {
                String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(f));
                boolean folder = Files.isDirectory(f);
                if (!mode.equals(folder ? dirMode : fileMode)) {
                    wrong.put(dir.relativize(f).toString(), mode);
                }
                if (!folder) {
                    files.add(run.relativize(f).toString());
                }
            }
        }
        assertEquals(Map.of(), wrong, "umask " + umask);
        for (String expected : List.of("run_config.json", "run_stats.json", "latents.jsonl",
            "explanations/layers.2_latent0.txt", "scores/detection/layers.2_latent0.txt",
            "report/index.html", "report/metrics.json", "report/usage.json")) {
            assertTrue(files.contains(expected), expected + " in " + files);
        }
    }
}
