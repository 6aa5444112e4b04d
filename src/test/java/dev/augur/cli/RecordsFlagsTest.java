package dev.augur.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.augur.testing.CliRun;
import dev.augur.testing.TestCache;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The record flags shared by {@code records} and {@code run}: --latents, --tokenizer,
 * --neighbours, and how a flag picocli cannot read is reported (issue 11, defects 4 and 8).
 */
class RecordsFlagsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    Path cache;

    @BeforeEach
    void writeCache() throws Exception {
        cache = dir.resolve("cache");
        TestCache.withPatternTokens(64, 32, 13).randomActivations(6, 3, 60)
            .write(cache, "layers.1", new int[][] {{0, 5}});
        TestCache.withPatternTokens(64, 32, 13).randomActivations(4, 5, 60)
            .write(cache, "layers.2", new int[][] {{0, 3}});
    }

    private CliRun records(String... extra) {
        List<String> args = new ArrayList<>(List.of("records", "--cache", cache.toString(), "--format", "summary",
            "--example-ctx-len", "8", "--min-examples", "1"));
        args.addAll(Arrays.asList(extra));
        return CliRun.run(args.toArray(String[]::new));
    }

    private static void assertOneLine(CliRun r, String expected) {
        assertEquals(Augur.EXIT_USAGE, r.exitCode(), r.err() + r.out());
        assertEquals(List.of(expected), r.err().lines().toList());
        assertEquals("", r.out());
    }

    /** module/index of every record printed. */
    private static List<String> latents(CliRun r) throws Exception {
        List<String> out = new ArrayList<>();
        for (String line : r.out().split("\n")) {
            if (!line.isBlank()) {
                out.add(JSON.readTree(line).get("latent").asText());
            }
        }
        return out;
    }

    @Test
    void anUnknownModuleInLatentsIsAnErrorNamingTheKnownOnes() {
        assertOneLine(records("--latents", "layers.9=0:3"), "augur: error: --latents layers.9=0:3: no module "
            + "'layers.9' in the cache " + cache + " (it has layers.1, layers.2)");
        assertOneLine(records("--module", "layers.1", "--latents", "layers.2=0:3"), "augur: error: --latents "
            + "layers.2=0:3: module 'layers.2' is not among the modules read (--module layers.1)");
        // under run too, before the run folder exists
        Path results = dir.resolve("results");
        CliRun run = CliRun.run("run", "--cache", cache.toString(), "--tokenizer", RunPreflightTest.TOKENIZER,
            "--results", results.toString(), "--example-ctx-len", "8", "--explainer", "none", "--explanations",
            dir.toString(), "--scorers", "embedding", "--latents", "layer.1=0:3");
        assertEquals(Augur.EXIT_USAGE, run.exitCode(), run.err());
        assertTrue(run.err().contains("no module 'layer.1' in the cache"), run.err());
        assertTrue(Files.notExists(results));
    }

    @Test
    void emptySelectionsAreErrors() {
        assertOneLine(records("--latents", ""), "augur: error: --latents: the selection is empty (expected all, "
            + "start:end (end exclusive), an index, or a comma list of these)");
        assertOneLine(records("--latents", "3:3"), "augur: error: --latents: range '3:3' selects no latent "
            + "(write start:end with 0 <= start < end; end is exclusive)");
    }

    @Test
    void repeatedLatentsAddUp() throws Exception {
        CliRun r = records("--latents", "1", "--latents", "2:4");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.err().contains("selected 6,"), r.err());
        assertEquals(List.of("layers.1_latent1", "layers.1_latent2", "layers.1_latent3", "layers.2_latent1",
            "layers.2_latent2", "layers.2_latent3"), latents(r));
        // MODULE=SPEC applies to its module in place of the plain selection; its repeats add up too
        CliRun m = records("--latents", "1", "--latents", "layers.2=0", "--latents", "layers.2=2");
        assertEquals(0, m.exitCode(), m.err());
        assertTrue(m.err().contains("selected 3,"), m.err()); // layers.2's latent 0 is dead: no record
        assertTrue(List.of("layers.1_latent1", "layers.2_latent0", "layers.2_latent2").containsAll(latents(m)),
            latents(m).toString());
        assertTrue(latents(m).contains("layers.2_latent2"), latents(m).toString());
    }

    @Test
    void aGivenTokenizerIsCheckedEvenForSummaries() throws Exception {
        Path garbage = Files.writeString(dir.resolve("tok.json"), "{\"not\": \"a tokenizer\"");
        CliRun r = records("--tokenizer", garbage.toString());
        assertEquals(Augur.EXIT_USAGE, r.exitCode(), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("augur: error: " + garbage + ": "), r.err());
        assertEquals("", r.out());
        assertOneLine(records("--tokenizer", dir.resolve("none.json").toString()),
            "augur: error: --tokenizer " + dir.resolve("none.json") + ": no such file");
        assertEquals(0, records("--tokenizer", RunPreflightTest.TOKENIZER).exitCode());
    }

    @Test
    void neighboursAreCheckedWheneverGivenAndOnlyWithTheirSource() throws Exception {
        Path missing = dir.resolve("nb.json");
        assertOneLine(records("--neighbours", missing.toString()), "augur: error: --neighbours " + missing
            + " is read only with --non-activating neighbours (the source is random): add that flag or drop "
            + "--neighbours");
        assertOneLine(records("--non-activating", "neighbours", "--neighbours", missing.toString()),
            "augur: error: --neighbours " + missing + ": no such file or folder");
        Files.writeString(missing, "[1, 2]");
        CliRun bad = records("--non-activating", "neighbours", "--neighbours", missing.toString());
        assertEquals(Augur.EXIT_USAGE, bad.exitCode(), bad.err());
        assertTrue(bad.err().startsWith("augur: error: " + missing + ": a neighbours file is a JSON object"),
            bad.err());
        assertEquals("", bad.out());
    }

    @Test
    void aFlagPicocliCannotReadIsOneLineAndWhereTheHelpIs() {
        assertOneLine(records("--bogus"), "augur: error: Unknown option: '--bogus'; see 'augur records --help'");
        assertOneLine(CliRun.run("run", "--cache", cache.toString(), "--example-ctx-len", "x"),
            "augur: error: Invalid value for option '--example-ctx-len': 'x' is not an int; see 'augur run --help'");
        CliRun typo = CliRun.run("run", "--cahce", cache.toString());
        assertEquals(Augur.EXIT_USAGE, typo.exitCode());
        assertEquals(1, typo.err().lines().count(), typo.err());
        assertTrue(typo.err().contains("did you mean --cache?") && typo.err().endsWith("see 'augur run --help'\n"),
            typo.err());
    }
}
