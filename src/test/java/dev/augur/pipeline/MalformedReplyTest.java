package dev.augur.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augur.explain.Explanation;
import dev.augur.score.ScoreInput;
import dev.augur.score.ScorerKind;
import dev.augur.score.Scorers;
import dev.augur.testing.FakeOpenAiServer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The only score node answers one latent with a message that cannot be read (what a codec
 * error leaves: a Malformed message) and scores the others for real (embedding scorer): that
 * latent alone fails, with the reason, and the run completes.
 */
class MalformedReplyTest {
    static final int LATENTS = 8;
    static final int POISONED = 3;

    @TempDir
    Path dir;

    @Test
    void anUnreadableAnswerFailsOneLatentNotTheRun() throws Exception {
        Path cache = PipelineFixture.cache(dir, LATENTS);
        Vertx full = PipelineFixture.node(true);
        Vertx odd = PipelineFixture.node(true);
        try {
            FakeOpenAiServer llm = PipelineFixture.llm(full, 2).await(10, TimeUnit.SECONDS);
            AugurCodec.registerOnce(odd);
            odd.eventBus().<PipelineMessage>consumer(Addresses.score(ScorerKind.EMBEDDING), m -> {
                PipelineMessage.Score s = (PipelineMessage.Score) m.body();
                if (s.record().latent() == POISONED) {
                    m.reply(new PipelineMessage.Malformed("unreadable message: test corruption"),
                        AugurCodec.options(5_000));
                    return;
                }
                WireRecord.Rebuilt r = s.record().rebuild();
                Scorers.create(ScorerKind.EMBEDDING, null, s.settings())
                    .score(new ScoreInput(r.record(), new Explanation(s.explanation(), true, "test"), r.decoder()))
                    .onSuccess(samples -> m.reply(new PipelineMessage.Scored(samples), AugurCodec.options(5_000)))
                    .onFailure(e -> m.fail(Addresses.FAILED, e.toString()));
            }).completion().await(10, TimeUnit.SECONDS);
            JsonObject conf = PipelineFixture.config(cache, dir.resolve("res"), llm.baseUrl(),
                PipelineFixture.roles("coordinator", "dataset", "construct", "sample", "write", "explain"))
                .put("scorers", "embedding");
            Path run = Path.of(PipelineFixture.runNode(full, conf).await(120, TimeUnit.SECONDS));

            assertEquals(1, PipelineFixture.counter(full, "augur_latents_failed"), 0.0);
            assertEquals(LATENTS - 1, PipelineFixture.counter(full, "augur_latents_completed"), 0.0);
            assertTrue(Files.notExists(run.resolve("done/layers.2_latent" + POISONED + ".json")));
            assertEquals(LATENTS - 1, PipelineFixture.files(run, "done").size());
            String stats = Files.readString(run.resolve("run_stats.json"));
            assertTrue(stats.contains("\"failed\" : 1"), stats);
            assertEquals(LATENTS - 1, PipelineFixture.files(run, "scores").size());
        } finally {
            full.close().await(30, TimeUnit.SECONDS);
            odd.close().await(30, TimeUnit.SECONDS);
        }
    }
}
