package dev.augur.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augur.testing.Await;
import dev.augur.testing.FakeOpenAiServer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Work units shared by coordinators: two full nodes share one cache and one run folder; one
 * dies mid-run and the survivor claims its units once their leases run out. And a run stopped
 * part way resumes on a fresh node without redoing a finished latent.
 */
class CoordinatorFailoverTest extends NodesTestBase {
    static final int LATENTS = 24;

    private JsonObject conf(Path cache, String baseUrl) {
        return PipelineFixture.config(cache, dir.resolve("res"), baseUrl,
                PipelineFixture.roles("all").put("unitLatents", 4).put("leaseMs", 1000))
            .put("max-latents-in-flight", 4).put("scorers", "detection");
    }

    @Test
    void unitsOfACoordinatorThatDiesAreFinishedByAnother() throws Exception {
        Path cache = PipelineFixture.cache(dir, LATENTS);
        Vertx a = PipelineFixture.node(true);
        Vertx b = PipelineFixture.node(true);
        nodes.add(a);
        FakeOpenAiServer llm = PipelineFixture.llm(a, 30).await(10, TimeUnit.SECONDS);
        JsonObject conf = conf(cache, llm.baseUrl());
        PipelineFixture.deployNode(b, conf).await(30, TimeUnit.SECONDS);
        b.setPeriodic(10, id -> {
            if (PipelineFixture.counter(b, "augur_latents_written") >= 2) {
                b.cancelTimer(id);
                b.close(); // dies holding a claimed unit with latents in flight
            }
        });
        Path run = Path.of(PipelineFixture.runNode(a, conf).await(180, TimeUnit.SECONDS));

        assertEquals(LATENTS, PipelineFixture.files(run, "done").size(), "every latent completed");
        assertEquals(LATENTS, PipelineFixture.files(run, "scores").size());
        double byA = PipelineFixture.counter(a, "augur_latents_written");
        assertTrue(byA < LATENTS && byA >= LATENTS - 8, "A wrote the rest, B's share stays: " + byA);
        assertTrue(Files.isRegularFile(run.resolve("report/metrics.json")));
    }

    @Test
    void aFinishedRunStartedAgainOnTheLiveClusterDoesOnlyWhatIsMissing() throws Exception {
        Path cache = PipelineFixture.cache(dir, LATENTS);
        Vertx keeper = PipelineFixture.node(true); // holds the cluster's shared data throughout
        Vertx first = PipelineFixture.node(true);
        nodes.add(keeper);
        FakeOpenAiServer llm = PipelineFixture.llm(keeper, 5).await(10, TimeUnit.SECONDS);
        JsonObject conf = conf(cache, llm.baseUrl());
        Path run = Path.of(PipelineFixture.runNode(first, conf).await(180, TimeUnit.SECONDS));
        first.close().await(30, TimeUnit.SECONDS);
        assertEquals(LATENTS, PipelineFixture.files(run, "done").size());
        for (int latent : new int[] {3, 17}) {
            Files.delete(run.resolve("scores/detection/layers.2_latent" + latent + ".txt"));
            Files.delete(run.resolve("done/layers.2_latent" + latent + ".json"));
        }
        // a node that died between a latent's score file and its completion record
        Files.delete(run.resolve("done/layers.2_latent5.json"));
        int requestsBefore = llm.requestCount();
        Vertx again = PipelineFixture.node(true);
        nodes.add(again);
        PipelineFixture.runNode(again, conf).await(180, TimeUnit.SECONDS);
        assertEquals(LATENTS, PipelineFixture.files(run, "done").size(), "the run was planned afresh");
        assertEquals(3, PipelineFixture.counter(again, "augur_latents_written"), 0.0, "only the missing three");
        assertTrue(Files.readString(run.resolve("done/layers.2_latent5.json")).contains("\"detection\""),
            "the completion record names the scorer whose file was already there");
        // latents 3 and 17 are scored again (their explanations are kept); latent 5 costs nothing
        assertTrue(llm.requestCount() - requestsBefore <= 2 * 6, // as in the resume test below
            "no prompts for the latent whose score file existed: " + (llm.requestCount() - requestsBefore));
    }

    @Test
    void aStoppedRunResumesWithoutRedoingFinishedLatents() throws Exception {
        Path cache = PipelineFixture.cache(dir, LATENTS);
        Vertx first = PipelineFixture.node(false);
        FakeOpenAiServer llm = PipelineFixture.llm(first, 30).await(10, TimeUnit.SECONDS);
        JsonObject conf = conf(cache, llm.baseUrl());
        Vertx server = first;
        Vertx runner = PipelineFixture.node(false);
        nodes.add(server);
        PipelineFixture.deployNode(runner, conf).await(30, TimeUnit.SECONDS);
        Await.until("6 latents written", () -> PipelineFixture.counter(runner, "augur_latents_written") >= 6,
            Duration.ofSeconds(120));
        runner.close().await(30, TimeUnit.SECONDS); // stopped part way
        int doneBefore = PipelineFixture.files(dir.resolve("res/run"), "done").size();
        int requestsBefore = llm.requestCount();
        assertTrue(doneBefore >= 6 && doneBefore < LATENTS, "stopped part way: " + doneBefore);

        Vertx again = PipelineFixture.node(false);
        nodes.add(again);
        Path run = Path.of(PipelineFixture.runNode(again, conf).await(180, TimeUnit.SECONDS));
        assertEquals(LATENTS, PipelineFixture.files(run, "done").size());
        assertEquals(LATENTS - doneBefore, PipelineFixture.counter(again, "augur_latents_written"), 0.0,
            "only the unfinished latents were written again");
        // each unfinished latent costs one explanation and its detection prompts; finished ones none
        assertTrue(llm.requestCount() - requestsBefore <= (LATENTS - doneBefore) * 6,
            "no requests for finished latents: " + (llm.requestCount() - requestsBefore));
    }
}
