package dev.augur.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.augur.AugurException;
import dev.augur.serve.DashboardLiveTest;
import dev.augur.testing.FakeOpenAiServer;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A coordinator node started as {@code vertx run} starts it, with {@code node.httpPort}: it
 * serves the dashboard of its run; a non-loopback {@code node.httpHost} without a token is a
 * bad config, refused before the node starts.
 */
class NodeDashboardTest {
    @TempDir
    Path dir;
    final List<Vertx> nodes = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        PipelineFixture.closeAll(nodes);
    }

    @Test
    void aCoordinatorNodeServesItsRunsDashboard() throws Exception {
        Path cache = PipelineFixture.cache(dir, 6);
        Vertx node = PipelineFixture.node(false);
        nodes.add(node);
        FakeOpenAiServer llm = PipelineFixture.llm(node, 2).await(10, TimeUnit.SECONDS);
        int port = DashboardLiveTest.freePort();
        JsonObject conf = PipelineFixture.config(cache, dir.resolve("res"), llm.baseUrl(),
            PipelineFixture.roles("all").put("httpPort", port));
        String run = PipelineFixture.runNode(node, conf).await(120, TimeUnit.SECONDS);
        // the run is over; the node (and its dashboard) stays up until it is closed
        JsonNode state = DashboardLiveTest.get(HttpClient.newHttpClient(), "http://127.0.0.1:" + port + "/api/run");
        assertEquals("done", state.get("status").asText(), state.toString());
        assertEquals(Path.of(run).toString(), state.get("run").asText());
        assertTrue(state.at("/counts/scored").asInt() > 0, state.toString());
        assertEquals(6, state.at("/counts/selected").asInt(), state.toString());
        assertEquals(1, state.get("members").size(), "one node: " + state.get("members"));
        assertTrue(state.at("/members/0/roles").toString().contains("coordinator"), state.get("members").toString());
    }

    @Test
    void inAClusterTheDashboardListsEveryNodeWithItsRolesAndPrompts() throws Exception {
        Path cache = PipelineFixture.cache(dir, 6);
        Vertx full = PipelineFixture.node(true);
        nodes.add(full);
        Vertx scorer = PipelineFixture.node(true);
        nodes.add(scorer);
        FakeOpenAiServer llm = PipelineFixture.llm(full, 2).await(10, TimeUnit.SECONDS);
        PipelineFixture.deployNode(scorer, new JsonObject().put("llm-base-url", llm.baseUrl()).put("model", "test-model")
            .put("node", PipelineFixture.roles("explain", "score"))).await(60, TimeUnit.SECONDS);
        int port = DashboardLiveTest.freePort();
        PipelineFixture.runNode(full, PipelineFixture.config(cache, dir.resolve("res"), llm.baseUrl(),
            PipelineFixture.roles("all").put("httpPort", port))).await(120, TimeUnit.SECONDS);
        HttpClient http = HttpClient.newHttpClient();
        String url = "http://127.0.0.1:" + port + "/api/run";
        JsonNode[] last = new JsonNode[1];
        dev.augur.testing.Await.until("both nodes listed with their prompts", () -> {
            last[0] = DashboardLiveTest.get(http, url).get("members");
            return last[0].size() == 2 && last[0].get(1).get("prompts_sent").asLong() > 0;
        }, java.time.Duration.ofSeconds(60));
        assertTrue(last[0].get(0).get("roles").toString().contains("coordinator"), last[0].toString());
        assertEquals("[\"explain\",\"score\"]", last[0].get(1).get("roles").toString());
        assertTrue(last[0].get(1).has("prompts_per_s"), last[0].toString());
    }

    @Test
    void aDashboardOffLoopbackWithoutATokenIsABadConfig() throws Exception {
        Path cache = PipelineFixture.cache(dir, 2);
        Vertx node = PipelineFixture.node(false);
        nodes.add(node);
        JsonObject conf = PipelineFixture.config(cache, dir.resolve("res"), "http://127.0.0.1:9",
            PipelineFixture.roles("all").put("httpPort", 1).put("httpHost", "0.0.0.0"));
        Throwable e = node.deployVerticle(new NodeVerticle(), new DeploymentOptions().setConfig(conf))
            .toCompletionStage().toCompletableFuture().handle((ok, err) -> err).get(60, TimeUnit.SECONDS);
        assertTrue(e instanceof AugurException || e != null && e.getCause() instanceof AugurException, String.valueOf(e));
        assertTrue(String.valueOf(e.getMessage()).contains("node.httpHost 0.0.0.0"), e.getMessage());
    }
}
