package dev.augur.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augur.testing.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The quick start's main job: `augur run --demo` prints true explanations against the control. */
class DemoRunTest {
    @TempDir
    Path dir;

    private static double headline(String out, String label) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(label) + "\\s+([0-9.]+|n/a)").matcher(out);
        assertTrue(m.find(), label + " row in: " + out);
        return m.group(1).equals("n/a") ? Double.NaN : Double.parseDouble(m.group(1));
    }

    @Test
    void withAServerTheDemoUsesTheLlmScorers() throws Exception {
        io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx();
        // the test LLM server: answers "present" for every example of a prompt
        dev.augur.testing.FakeOpenAiServer server = dev.augur.testing.FakeOpenAiServer.start(vertx, req -> {
            io.vertx.core.json.JsonArray m = req.getJsonArray("messages");
            String user = m.getJsonObject(m.size() - 1).getString("content");
            long n = java.util.regex.Pattern.compile("(?m)^Example \\d+: ").matcher(user).results().count();
            return dev.augur.testing.FakeOpenAiServer.Reply.text(
                "[" + String.join(",", java.util.Collections.nCopies((int) n, "1")) + "]");
        }).await();
        System.setProperty("augur.cache", dir.resolve("home").toString());
        try {
            CliRun r = CliRun.run("run", "--demo", "--results", dir.resolve("llm").toString(),
                "--llm-base-url", server.baseUrl(), "--model", "m", "--latents", "0:6");
            assertEquals(0, r.exitCode(), r.err());
            assertTrue(r.out().contains("(detection)") && r.out().contains("(fuzz)"), r.out());
            headline(r.out(), "true explanations");
            assertTrue(server.requests().size() > 0);
            assertTrue(Files.isRegularFile(dir.resolve("llm/demo-control/report/metrics.json")));
        } finally {
            System.clearProperty("augur.cache");
            server.close().await();
            vertx.close().await();
        }
    }

    @Test
    void trueExplanationsBeatTheRandomControl() throws Exception {
        String old = System.getProperty("augur.cache");
        System.setProperty("augur.cache", dir.resolve("home").toString());
        try {
            CliRun r = CliRun.run("run", "--demo", "--results", dir.resolve("results").toString());
            assertEquals(0, r.exitCode(), r.err());
            double truth = headline(r.out(), "true explanations");
            double control = headline(r.out(), "control (random explanations)");
            assertTrue(truth > control + 0.05, "true " + truth + " vs control " + control);
            assertTrue(Files.isRegularFile(dir.resolve("results/demo/report/metrics.json")));
            assertTrue(Files.isRegularFile(dir.resolve("results/demo-control/report/metrics.json")));
            assertTrue(Files.isRegularFile(dir.resolve("results/demo/report/index.html")));
            // each run folder records the explanation its scores used: the true one, the borrowed one
            Path shipped = dir.resolve("home/demo-v1/explanations/layers.6.mlp_latent2.txt");
            assertEquals(Files.readString(shipped),
                Files.readString(dir.resolve("results/demo/explanations/layers.6.mlp_latent2.txt")));
            assertTrue(!Files.readString(shipped).equals(
                Files.readString(dir.resolve("results/demo-control/explanations/layers.6.mlp_latent2.txt"))));
            assertTrue(r.out().indexOf("AUC") < r.out().lastIndexOf("F1"), "AUC first");
        } finally {
            if (old == null) {
                System.clearProperty("augur.cache");
            } else {
                System.setProperty("augur.cache", old);
            }
        }
    }
}
