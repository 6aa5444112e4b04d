package dev.augur.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augur.score.ScorerKind;
import dev.augur.testing.FakeOpenAiServer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Scorer nodes that differ: a full node with an LLM and a CPU-only scorer node without one.
 * Each node listens only for the scorers it can run, so the CPU node takes a share of the
 * embedding scoring and never receives a prompt it cannot send; no latent fails.
 */
class MixedScorerNodesTest extends NodesTestBase {
    static final int LATENTS = 12;

    @Test
    void aScorerNodeWithoutAnLlmServesOnlyTheEmbeddingScorer() throws Exception {
        Path cache = PipelineFixture.cache(dir, LATENTS);
        Vertx full = PipelineFixture.node(true);
        Vertx cpuOnly = PipelineFixture.node(true);
        nodes.add(full);
        nodes.add(cpuOnly);
        FakeOpenAiServer llm = PipelineFixture.llm(full, 5).await(10, TimeUnit.SECONDS);
        // a scorer node as conf/scorer-node.json describes it, minus llm-base-url and model
        PipelineFixture.deployNode(cpuOnly, new JsonObject().put("node", PipelineFixture.roles("explain", "score")))
            .await(30, TimeUnit.SECONDS);
        JsonObject conf = PipelineFixture.config(cache, dir.resolve("res"), llm.baseUrl(), PipelineFixture.roles("all"))
            .put("scorers", "detection,embedding");

        Path run = Path.of(PipelineFixture.runNode(full, conf).await(180, TimeUnit.SECONDS));

        assertEquals(0, PipelineFixture.counter(full, "augur_latents_failed"), 0.0, "no latent failed");
        assertEquals(LATENTS, PipelineFixture.files(run, "done").size());
        assertEquals(2 * LATENTS, PipelineFixture.files(run, "scores").size());
        String embedding = Addresses.score(ScorerKind.EMBEDDING);
        assertTrue(PipelineFixture.counter(cpuOnly, "augur_stage_requests", "address", embedding) > 0,
            "the CPU-only node took a share of the embedding scoring");
        assertEquals(0, PipelineFixture.counter(cpuOnly, "augur_stage_requests", "address",
            Addresses.score(ScorerKind.DETECTION)), 0.0, "and no detection request");
        assertEquals(0, PipelineFixture.counter(cpuOnly, "augur_stage_requests", "address", Addresses.EXPLAIN),
            0.0, "nor an explanation request");
        assertEquals(0, PipelineFixture.prompts(cpuOnly), 0.0);
    }

    @Test
    void aScorerNoNodeCanRunFailsWithWhatToConfigure() throws Exception {
        Vertx alone = Vertx.vertx();
        nodes.add(alone);
        AugurCodec.registerOnce(alone);
        StageClient client = new StageClient(alone, 2, NodeResources.of(alone).metrics(), null);
        Throwable e = client.ask(Addresses.score(ScorerKind.DETECTION), new PipelineMessage.Malformed("unused"),
                1_000, false, PipelineMessage.Scored.class)
            .map(ok -> (Throwable) null).otherwise(err -> err).await(20, TimeUnit.SECONDS);
        assertTrue(e instanceof StageClient.StageException, String.valueOf(e));
        assertTrue(e.getMessage().startsWith("no node of the cluster serves augur.score.detection (after 2 attempt(s))"),
            e.getMessage());
        assertTrue(e.getMessage().contains("llm-base-url and model"), e.getMessage());
    }
}
