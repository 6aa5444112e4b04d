package dev.augur.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augur.testing.CliRun;
import dev.augur.testing.TestCache;
import dev.augur.testing.TestTokenizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code augur run} checks everything {@code records} checks, and its own flags, before it
 * creates the run folder: one line, exit 2, nothing written (issue 11, defects 3, 5 and 7).
 */
class RunPreflightTest {
    static final String TOKENIZER = TestTokenizer.BYTE_BPE.toString();

    @TempDir
    Path dir;
    Path cache;
    Path results;
    Path explanations;

    @BeforeEach
    void writeCache() throws Exception {
        cache = dir.resolve("cache");
        TestCache.withPatternTokens(64, 32, 13).randomActivations(6, 3, 60)
            .write(cache, "layers.1", new int[][] {{0, 2}, {3, 5}});
        results = dir.resolve("results");
        explanations = Files.createDirectories(dir.resolve("expl"));
    }

    /** A run that needs no LLM; {@code flagsAndValues} add flags or replace the defaults. */
    private CliRun run(String... flagsAndValues) {
        return cli(List.of("--cache", cache.toString(), "--tokenizer", TOKENIZER, "--results", results.toString(),
            "--example-ctx-len", "8", "--min-examples", "20", "--explainer", "none", "--explanations",
            explanations.toString(), "--scorers", "embedding"), flagsAndValues);
    }

    /** {@code augur run} with flag/value pairs: the defaults, each replaced where given again. */
    static CliRun cli(List<String> defaults, String... flagsAndValues) {
        Map<String, String> flags = new LinkedHashMap<>();
        for (int i = 0; i < defaults.size(); i += 2) {
            flags.put(defaults.get(i), defaults.get(i + 1));
        }
        for (int i = 0; i < flagsAndValues.length; i += 2) {
            flags.put(flagsAndValues[i], flagsAndValues[i + 1]);
        }
        List<String> args = new ArrayList<>(List.of("run"));
        flags.forEach((k, v) -> {
            args.add(k);
            args.add(v);
        });
        return CliRun.run(args.toArray(String[]::new));
    }

    /** Exit 2, exactly one line naming the problem, nothing on stdout, no results folder. */
    private void assertRejected(CliRun r, String fragment) {
        assertEquals(Augur.EXIT_USAGE, r.exitCode(), r.err() + r.out());
        List<String> lines = r.err().lines().toList();
        assertEquals(1, lines.size(), "one line: " + r.err());
        assertTrue(lines.get(0).startsWith("augur: error: "), r.err());
        assertTrue(lines.get(0).contains(fragment), "'" + fragment + "' in: " + r.err());
        assertEquals("", r.out());
        assertTrue(Files.notExists(results), "nothing written: " + results);
    }

    @Test
    void whatRecordsRejectsRunRejectsBeforeCreatingTheRunFolder() throws Exception {
        assertRejected(run("--example-ctx-len", "7"), "--example-ctx-len 7 does not divide the cached sequence length 32");
        assertRejected(run("--latents", "99999999"), "latent 99999999 of module 'layers.1' lies outside every split file");
        assertRejected(run("--module", "layers.9"), "--module layers.9: not in the cache");
        assertRejected(run("--non-activating", "neighbours"), "needs --neighbours");
        assertRejected(run("--device", "tpu"), "--device: 'tpu' is not one of auto, cpu, cuda");

        Path garbage = Files.writeString(dir.resolve("garbage.json"), "this is no tokenizer");
        assertRejected(run("--tokenizer", garbage.toString()), "garbage.json: not valid JSON");

        Path split = cache.resolve("layers.1/3_5.safetensors");
        byte[] b = Files.readAllBytes(split);
        Files.write(split, Arrays.copyOf(b, b.length / 2));
        assertRejected(run(), "3_5.safetensors");
    }

    @Test
    void aRunNameIsOneFolderUnderResults() {
        for (String name : List.of("../../etc", "../escaped", dir.resolve("abs").toString(), "..", ".", "",
            " ", "a\nb", "tab\there", "a/b")) {
            assertRejected(run("--name", name), "a run name is one folder name under --results");
        }
        assertTrue(Files.notExists(dir.resolve("escaped")));
        assertTrue(Files.notExists(dir.resolve("abs")));
    }

    @Test
    void runFlagsAreCheckedBeforeAnythingIsWritten() throws Exception {
        assertRejected(run("--scorers", ""), "--scorers: no scorer named");
        assertRejected(run("--scorers", " , "), "--scorers: no scorer named");
        assertRejected(run("--explanations", dir.resolve("missing").toString()),
            "--explanations " + dir.resolve("missing") + ": no such folder");
        // none without --explanations reads the run's own folder, which must exist
        List<String> noSource = new ArrayList<>(List.of("run", "--cache", cache.toString(), "--tokenizer",
            TOKENIZER, "--results", results.toString(), "--example-ctx-len", "8", "--explainer", "none",
            "--scorers", "embedding"));
        assertRejected(CliRun.run(noSource.toArray(String[]::new)), "--explainer none reads explanations from");

        Path file = Files.writeString(dir.resolve("results-file"), "x");
        CliRun r = run("--results", file.toString());
        assertEquals(Augur.EXIT_USAGE, r.exitCode(), r.err());
        assertEquals(List.of("augur: error: --results " + file + ": " + file + " is a file, not a folder"),
            r.err().lines().toList());
        assertEquals("x", Files.readString(file));
    }

    @Test
    void aRemoteServerWithoutItsKeyIsRejectedBeforeTheRun() {
        // the server is never contacted: the check comes first (the name does not resolve anyway)
        CliRun r = run("--explainer", "default", "--scorers", "detection", "--llm-base-url",
            "https://llm.example.invalid/v1", "--model", "m", "--api-key-env", "AUGUR_TEST_UNSET_KEY_VARIABLE");
        assertRejected(r, "--api-key-env AUGUR_TEST_UNSET_KEY_VARIABLE: the variable is not set and "
            + "https://llm.example.invalid/v1 is not a local server");
    }

    @Test
    void loopbackServersNeedNoKey() {
        for (String url : List.of("http://127.0.0.1:8000/v1", "http://localhost/v1", "http://[::1]:8080/v1",
            "http://127.1.2.3/v1")) {
            assertTrue(RunPreflight.isLoopback(url), url);
        }
        for (String url : List.of("https://openrouter.ai/api/v1", "http://10.0.0.5:8000/v1",
            "http://128.0.0.1/v1", "http://localhost.example.com/v1")) {
            assertTrue(!RunPreflight.isLoopback(url), url);
        }
    }
}
