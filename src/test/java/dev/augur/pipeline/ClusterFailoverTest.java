package dev.augur.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augur.testing.FakeOpenAiServer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Three clustered nodes on 127.0.0.1: a full node and two explain/score nodes. One scorer node
 * is closed mid-run (in-process, a graceful close), holding requests; it answers them "busy"
 * as its stages stop, they are served elsewhere, and every latent is still scored and written
 * exactly once, with the shipped timing defaults. Crashes (SIGKILL) are the chaos suite's.
 */
class ClusterFailoverTest extends NodesTestBase {
    static final int LATENTS = 30;

    @Test
    void aScorerNodeLeavingMidRunLosesNoLatentAndDuplicatesNone() throws Exception {
        Path cache = PipelineFixture.cache(dir, LATENTS);
        Vertx full = PipelineFixture.node(true);
        Vertx b = PipelineFixture.node(true);
        Vertx c = PipelineFixture.node(true);
        nodes.add(full);
        nodes.add(b);
        FakeOpenAiServer llm = PipelineFixture.llm(full, 200).await(10, TimeUnit.SECONDS);
        JsonObject scorer = new JsonObject().put("llm-base-url", llm.baseUrl()).put("model", "test-model")
            .put("node", PipelineFixture.roles("explain", "score"));
        PipelineFixture.deployNode(b, scorer).await(30, TimeUnit.SECONDS);
        // C's prompts take 10 s: what it holds when it is closed cannot be answered in between,
        // however slowly the close goes, so all of it must come back to the sender
        FakeOpenAiServer slowForC = PipelineFixture.llm(full, 10_000).await(10, TimeUnit.SECONDS);
        PipelineFixture.deployNode(c, scorer.copy().put("llm-base-url", slowForC.baseUrl())).await(30, TimeUnit.SECONDS);
        JsonObject conf = PipelineFixture.config(cache, dir.resolve("res"), llm.baseUrl(),
            PipelineFixture.roles("all"))
            .put("max-latents-in-flight", 12);

        double[] servedByC = {0};
        int[] heldByC = {0};
        full.setPeriodic(20, id -> {
            double served = PipelineFixture.scoreCounter(c, "augur_stage_requests");
            int held = NodeResources.of(c).held().size();
            if (served >= 3 && held >= 2) {
                full.cancelTimer(id);
                servedByC[0] = served;
                heldByC[0] = held;
                c.close(); // leaves with requests of its own in flight
            }
        });
        Path run = Path.of(PipelineFixture.runNode(full, conf).await(180, TimeUnit.SECONDS));

        assertTrue(servedByC[0] >= 3 && heldByC[0] >= 2, "node C took work before it left, and held some");
        assertEquals(LATENTS, PipelineFixture.files(run, "done").size(), "a completion record per latent");
        assertEquals(LATENTS, PipelineFixture.files(run, "explanations").size());
        assertEquals(2 * LATENTS, PipelineFixture.files(run, "scores").size());
        assertEquals(LATENTS, PipelineFixture.counter(full, "augur_latents_written"), 0.0,
            "each latent's files written once, retries included");
        assertEquals(0, PipelineFixture.counter(full, "augur_latents_failed"), 0.0);
        double busy = PipelineFixture.scoreCounter(full, "augur_stage_busy")
            + PipelineFixture.counter(full, "augur_stage_busy", "address", Addresses.EXPLAIN);
        double resent = PipelineFixture.counter(full, "augur_requests_resent", "reason", "member-left");
        assertTrue(busy + resent >= heldByC[0], "what the closing node held came back to the sender: "
            + busy + " answered 'busy', " + resent + " re-sent as its node left; it held " + heldByC[0]);
        assertTrue(PipelineFixture.prompts(b) > 0, "node B served prompts");
    }
}
