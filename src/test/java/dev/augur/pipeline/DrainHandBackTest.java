package dev.augur.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augur.testing.FakeOpenAiServer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The hand-back half of a SIGTERM drain (the chaos suite covers a drain that finishes in its
 * grace with real processes): a scorer node whose LLM answers too slowly for the grace period
 * answers what it holds "busy" when the grace ends; the coordinator sends those requests to
 * the other node, and every latent is still scored and written exactly once. The grace here is
 * short so the test need not wait 30 s; the mechanism is the shipped one.
 */
class DrainHandBackTest extends NodesTestBase {
    static final int LATENTS = 12;

    @Test
    void aDrainingNodeHandsBackWhatItCannotFinishAndNothingIsLost() throws Exception {
        Path cache = PipelineFixture.cache(dir, LATENTS);
        Vertx full = PipelineFixture.node(true);
        Vertx slow = PipelineFixture.node(true);
        nodes.add(full);
        nodes.add(slow);
        FakeOpenAiServer quick = PipelineFixture.llm(full, 20).await(10, TimeUnit.SECONDS);
        FakeOpenAiServer sluggish = PipelineFixture.llm(full, 4_000).await(10, TimeUnit.SECONDS);
        PipelineFixture.deployNode(slow, new JsonObject().put("llm-base-url", sluggish.baseUrl()).put("model", "test-model")
            .put("node", PipelineFixture.roles("explain", "score"))).await(30, TimeUnit.SECONDS);
        JsonObject conf = PipelineFixture.config(cache, dir.resolve("res"), quick.baseUrl(), PipelineFixture.roles("all"))
            .put("max-latents-in-flight", 6);

        AtomicInteger handedBack = new AtomicInteger(-1);
        full.setPeriodic(20, id -> {
            NodeResources node = NodeResources.of(slow);
            if (node.held() != null && node.held().size() >= 2) {
                full.cancelTimer(id);
                int held = node.held().size();
                NodeShutdown.drain(slow, node, 200).onComplete(ar -> handedBack.set(held));
            }
        });
        Path run = Path.of(PipelineFixture.runNode(full, conf).await(120, TimeUnit.SECONDS));

        assertTrue(handedBack.get() >= 2, "the slow node drained while holding requests: " + handedBack.get());
        assertEquals(0, NodeResources.of(slow).held().size(), "it holds nothing after the drain");
        double busy = PipelineFixture.scoreCounter(full, "augur_stage_busy")
            + PipelineFixture.counter(full, "augur_stage_busy", "address", Addresses.EXPLAIN);
        assertTrue(busy >= 2, "what it held came back 'busy' and went elsewhere: " + busy);
        assertEquals(LATENTS, PipelineFixture.files(run, "done").size(), "a completion record per latent");
        assertEquals(2 * LATENTS, PipelineFixture.files(run, "scores").size());
        assertEquals(LATENTS, PipelineFixture.counter(full, "augur_latents_written"), 0.0, "each written once");
        assertEquals(0, PipelineFixture.counter(full, "augur_latents_failed"), 0.0);
    }
}
