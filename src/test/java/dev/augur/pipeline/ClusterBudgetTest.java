package dev.augur.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.augur.runfolder.RunLayout;
import dev.augur.testing.FakeOpenAiServer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * In a cluster the budget is the run's: a coordinator reads what the whole cluster spent.
 * Spending counted on another node (here written there directly) stops this node's coordinator
 * before its first unit; the run still ends with its bookkeeping, and nothing is sent.
 */
class ClusterBudgetTest {
    @TempDir
    Path dir;

    final List<Vertx> nodes = new ArrayList<>();

    @AfterEach
    void closeNodes() throws Exception {
        PipelineFixture.closeAll(nodes);
    }

    @Test
    void spendingOnAnotherNodeCountsAgainstTheRunsBudget() throws Exception {
        Path cache = PipelineFixture.cache(dir, 6);
        Vertx main = PipelineFixture.node(true);
        nodes.add(main);
        Vertx other = PipelineFixture.node(true);
        nodes.add(other);
        FakeOpenAiServer llm = PipelineFixture.llm(main, 0).await(10, TimeUnit.SECONDS);
        Path results = dir.resolve("node");
        String key = dev.augur.config.RunPlan.runKey(RunLayout.of(results, "run"));
        // the other node spent 5000 tokens on 2 latents: 2500 a latent, already past the budget
        other.sharedData().getCounter(key + ".spent-tokens").compose(c -> c.addAndGet(5000)).await(30, TimeUnit.SECONDS);
        other.sharedData().getCounter(key + ".spent-latents").compose(c -> c.addAndGet(2)).await(30, TimeUnit.SECONDS);

        JsonObject conf = PipelineFixture.config(cache, results, llm.baseUrl(), PipelineFixture.roles("all"))
            .put("budget-tokens", 4000);
        String runDir = PipelineFixture.runNode(main, conf).await(120, TimeUnit.SECONDS);
        Path run = Path.of(runDir);
        assertEquals(0, llm.requestCount(), "no latent was started");
        assertEquals(0, PipelineFixture.files(run, "done").size());
        JsonNode stats = new ObjectMapper().readTree(run.resolve("run_stats.json").toFile());
        assertEquals(0, stats.get("scored").asLong(), stats.toString());
        assertTrue(Files.isRegularFile(run.resolve("run_config.json")));
    }
}
