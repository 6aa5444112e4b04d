package dev.augur.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.augur.prompt.PromptTemplate;
import dev.augur.prompt.PromptTemplates;
import dev.augur.testing.CliRun;
import dev.augur.testing.FakeOpenAiServer;
import dev.augur.testing.ScoringRunFixture;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * User prompt templates end to end: exported by {@code augur prompts --export}, edited, passed
 * with {@code augur run --prompts} (or the {@code prompts} key of {@code --conf}); what the test
 * LLM server receives, run_config.json's hashes, the resume warning and bad templates.
 */
class PromptTemplatesRunTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EDIT = "Read every excerpt twice.\n";

    @TempDir
    Path dir;
    Vertx vertx;
    FakeOpenAiServer server;
    Path cache;
    Path prompts;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        server = FakeOpenAiServer.start(vertx, ScoringRunFixture::answer).await();
        cache = ScoringRunFixture.writeCache(dir);
        prompts = dir.resolve("prompts");
        CliRun export = CliRun.run("prompts", "--export", prompts.toString());
        assertEquals(0, export.exitCode(), export.err());
        assertEquals("wrote " + PromptTemplate.values().length + " templates to " + prompts, export.out().strip());
    }

    @AfterEach
    void stop() {
        server.close().await();
        vertx.close().await();
    }

    private CliRun run(String name, String... extra) {
        List<String> args = new ArrayList<>(List.of("run", "--cache", cache.toString(),
            "--tokenizer", ScoringRunFixture.TOKENIZER.toString(), "--results", dir.resolve("results").toString(),
            "--name", name, "--llm-base-url", server.baseUrl(), "--model", "test-model",
            "--example-ctx-len", "8", "--min-examples", "20", "--n-train", "10", "--n-test", "20",
            "--n-quantiles", "5", "--n-non-activating", "12", "--llm-concurrency", "4",
            "--scorers", "detection,fuzz"));
        args.addAll(List.of(extra));
        return CliRun.run(args.toArray(String[]::new));
    }

    /** The messages of the requests received since {@code from}, per stage, each stage's sorted. */
    private Map<String, List<String>> byStage(int from) {
        Map<String, List<String>> out = new TreeMap<>();
        for (JsonObject q : server.requests().subList(from, server.requests().size())) {
            String stage = ScoringRunFixture.isExplainer(q) ? "explainer" : ScoringRunFixture.isFuzz(q) ? "fuzz" : "detection";
            out.computeIfAbsent(stage, s -> new ArrayList<>()).add(q.getJsonArray("messages").encode());
        }
        out.values().forEach(l -> l.sort(null));
        return out;
    }

    /** The same messages with the edit put in front of the user message. */
    private static String edited(String messages) {
        JsonArray m = new JsonArray(messages);
        JsonObject user = m.getJsonObject(1);
        user.put("content", EDIT + user.getString("content"));
        return m.encode();
    }

    private JsonNode hashes(String name) throws Exception {
        return JSON.readTree(dir.resolve("results").resolve(name).resolve("run_config.json").toFile()).get("prompt-sha256");
    }

    @Test
    void anEditedTemplateChangesWhatTheServerReceivesInItsStageOnly() throws Exception {
        CliRun shipped = run("shipped");
        assertEquals(0, shipped.exitCode(), shipped.err());
        Map<String, List<String>> before = byStage(0);
        assertEquals(List.of("detection", "explainer", "fuzz"), List.copyOf(before.keySet()));

        Path userTemplate = prompts.resolve("detection-user.txt");
        Files.writeString(userTemplate, EDIT + Files.readString(userTemplate));
        int from = server.requests().size();
        CliRun edited = run("edited", "--prompts", prompts.toString());
        assertEquals(0, edited.exitCode(), edited.err());
        Map<String, List<String>> after = byStage(from);
        assertEquals(before.get("explainer"), after.get("explainer"), "explainer prompts unchanged");
        assertEquals(before.get("fuzz"), after.get("fuzz"), "fuzz prompts unchanged");
        assertEquals(before.get("detection").stream().map(PromptTemplatesRunTest::edited).sorted().toList(),
            after.get("detection"), "every detection prompt carries the edit, and only it");

        // the same folder through the prompts key of --conf
        Path conf = dir.resolve("run.json");
        Files.writeString(conf, new JsonObject().put("prompts", prompts.toString()).encode());
        from = server.requests().size();
        CliRun viaConf = run("conf", "--conf", conf.toString());
        assertEquals(0, viaConf.exitCode(), viaConf.err());
        assertEquals(after, byStage(from));

        // run_config.json: a SHA-256 per template of the stages sent (no intruder, no simulation)
        JsonNode shippedHashes = hashes("shipped");
        JsonNode editedHashes = hashes("edited");
        List<String> files = new ArrayList<>();
        editedHashes.fieldNames().forEachRemaining(files::add);
        List<String> expected = Stream.of(PromptTemplate.values())
            .filter(t -> List.of("explainer", "detection", "fuzz").contains(t.stage())).map(PromptTemplate::file).toList();
        assertEquals(expected, files);
        for (String f : files) {
            if (f.equals("detection-user.txt")) {
                String text = Files.readString(userTemplate);
                assertEquals(sha256(text.substring(0, text.length() - 1)), editedHashes.get(f).asText(),
                    "the hash of the text used (the file less its final line break)");
                assertNotEquals(shippedHashes.get(f), editedHashes.get(f));
            } else {
                assertEquals(shippedHashes.get(f), editedHashes.get(f), f + ": exported unchanged = shipped");
            }
        }
        assertEquals(sha256(PromptTemplates.shipped().text(PromptTemplate.DETECTION_USER)),
            shippedHashes.get("detection-user.txt").asText());
    }

    @Test
    void resumingWithAChangedTemplateWarnsAndAMovedFolderDoesNot() throws Exception {
        CliRun first = run("r", "--prompts", prompts.toString());
        assertEquals(0, first.exitCode(), first.err());
        Path moved = dir.resolve("moved");
        Files.move(prompts, moved);
        CliRun same = run("r", "--prompts", moved.toString());
        assertEquals(0, same.exitCode(), same.err());
        assertFalse(same.err().contains("warning"), "the texts count, not the folder: " + same.err());

        Path system = moved.resolve("fuzz-system.txt");
        Files.writeString(system, "Be strict. " + Files.readString(system));
        int before = server.requests().size();
        CliRun changed = run("r", "--prompts", moved.toString());
        assertEquals(0, changed.exitCode(), changed.err());
        assertTrue(changed.err().contains("augur: warning: resuming") && changed.err().contains("prompt-sha256.fuzz-system.txt: \""),
            changed.err());
        assertFalse(changed.err().contains("detection-"), "only the changed template is named: " + changed.err());
        assertEquals(before, server.requests().size(), "a resumed run redoes nothing");
    }

    @Test
    void aBadTemplateIsOneLineExitTwoAndNothingWritten() throws Exception {
        Files.writeString(prompts.resolve("detection-user.txt"), "Explanation: {{explaination}}\n{{examples}}\n");
        assertBad(prompts.resolve("detection-user.txt") + ": unknown variable {{explaination}} (this template "
            + "knows {{explanation}}, {{examples}}, {{count}})");

        Files.delete(prompts.resolve("detection-user.txt"));
        Files.write(prompts.resolve("fuzz-user.txt"), new byte[] {'a', (byte) 0xC3, '(', '\n'});
        assertBad(prompts.resolve("fuzz-user.txt") + ": not UTF-8 text: invalid byte 0xC3 at offset 1");

        Files.delete(prompts.resolve("fuzz-user.txt"));
        Files.createDirectory(prompts.resolve("fuzz-user.txt"));
        CliRun dirAsFile = run("bad", "--prompts", prompts.toString());
        assertEquals(2, dirAsFile.exitCode());
        assertTrue(dirAsFile.err().startsWith("augur: error: --prompts " + prompts.resolve("fuzz-user.txt") + ": cannot read"),
            dirAsFile.err());

        Files.delete(prompts.resolve("fuzz-user.txt"));
        Files.writeString(prompts.resolve("detection_user.txt"), "x\n");
        CliRun typo = run("bad", "--prompts", prompts.toString());
        assertEquals(2, typo.exitCode());
        assertTrue(typo.err().startsWith("augur: error: --prompts " + prompts.resolve("detection_user.txt")
            + ": not a template name"), typo.err());

        CliRun missing = run("bad", "--prompts", dir.resolve("nowhere").toString());
        assertEquals(2, missing.exitCode());
        assertEquals("augur: error: --prompts " + dir.resolve("nowhere") + ": no such folder", missing.err().strip());
        assertEquals(0, server.requests().size(), "no request sent");
        assertFalse(Files.exists(dir.resolve("results")), "nothing written");
    }

    @Test
    void exportNeverOverwritesAndWritesNothingWhenItWouldHave() throws Exception {
        Path other = dir.resolve("other");
        Files.createDirectories(other);
        Files.writeString(other.resolve("fuzz-user.txt"), "mine\n");
        CliRun again = CliRun.run("prompts", "--export", other.toString());
        assertEquals(2, again.exitCode());
        assertEquals("augur: error: --export " + other.resolve("fuzz-user.txt") + ": already exists; export into a "
            + "new folder", again.err().strip());
        try (Stream<Path> s = Files.list(other)) {
            assertEquals(1, s.count(), "nothing written");
        }
        assertEquals("mine\n", Files.readString(other.resolve("fuzz-user.txt")));
    }

    private void assertBad(String expected) {
        CliRun r = run("bad", "--prompts", prompts.toString());
        assertEquals(2, r.exitCode(), r.err());
        assertEquals("augur: error: --prompts " + expected, r.err().strip());
        assertEquals(1, r.err().strip().lines().count());
    }

    private static String sha256(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    }
}
