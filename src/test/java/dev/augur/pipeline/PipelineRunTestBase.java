package dev.augur.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augur.testing.CliRun;
import dev.augur.testing.FakeOpenAiServer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The full verticle pipeline, started as {@code vertx run} starts it (NodeVerticle and a JSON
 * config), on a small cache against the test LLM server: its files must equal those of the
 * in-process {@code augur run} for the same settings. Run single-node and clustered (a second
 * node serving explain and score, which must take a share of the prompts).
 */
@ExtendWith(VertxExtension.class)
abstract class PipelineRunTestBase {
    static final int LATENTS = 12;

    @TempDir
    Path dir;

    final List<Vertx> nodes = new ArrayList<>();

    abstract boolean clustered();

    @AfterEach
    void closeNodes() throws Exception {
        PipelineFixture.closeAll(nodes);
    }

    @Test
    void nodeVerticleRunEqualsAugurRun(VertxTestContext ctx) throws Throwable {
        Path cache = PipelineFixture.cache(dir, LATENTS);
        Vertx main = PipelineFixture.node(clustered());
        nodes.add(main);
        FakeOpenAiServer llm = PipelineFixture.llm(main, 2).await(10, TimeUnit.SECONDS);
        Vertx helper = null;
        if (clustered()) {
            helper = PipelineFixture.node(true);
            nodes.add(helper);
            JsonObject scorerNode = new JsonObject().put("llm-base-url", llm.baseUrl()).put("model", "test-model")
                .put("node", PipelineFixture.roles("explain", "score"));
            PipelineFixture.deployNode(helper, scorerNode).await(30, TimeUnit.SECONDS);
        }
        JsonObject conf = PipelineFixture.config(cache, dir.resolve("node"), llm.baseUrl(),
            PipelineFixture.roles("all"));
        String runDir = PipelineFixture.runNode(main, conf).await(120, TimeUnit.SECONDS);
        Path confFile = dir.resolve("conf.json");
        Files.writeString(confFile, conf.encodePrettily());
        CliRun cli = CliRun.run("run", "--conf", confFile.toString(), "--results", dir.resolve("cli").toString());
        Vertx helperNode = helper;
        ctx.verify(() -> {
            assertEquals(0, cli.exitCode(), cli.err());
            Path node = Path.of(runDir);
            Path inProcess = dir.resolve("cli/run");
            for (String sub : List.of("scores", "explanations")) {
                Map<String, String> a = PipelineFixture.files(node, sub);
                assertFalse(a.isEmpty(), sub + " written");
                assertEquals(PipelineFixture.files(inProcess, sub), a, sub + " equal to augur run's");
            }
            long live = PipelineFixture.files(node, "explanations").size();
            assertEquals(live * 2, PipelineFixture.files(node, "scores").size());
            assertEquals(live, PipelineFixture.files(node, "done").size(), "one completion record per latent");
            assertTrue(Files.isRegularFile(node.resolve("report/metrics.json")));
            assertTrue(Files.isRegularFile(node.resolve("latents.jsonl")));
            if (helperNode != null) {
                double mine = PipelineFixture.prompts(main);
                double theirs = PipelineFixture.prompts(helperNode);
                assertTrue(mine > 0 && theirs > 0, "both nodes sent prompts: " + mine + " / " + theirs);
                assertTrue(PipelineFixture.scoreCounter(main, "augur_stage_requests") > 0
                    && PipelineFixture.scoreCounter(helperNode, "augur_stage_requests") > 0,
                    "both nodes served score requests");
            }
        });
        ctx.completeNow();
    }
}
