package dev.augur.api;

import dev.augur.testing.ScoringRunFixture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augur.construct.ConstructorConfig;
import dev.augur.construct.NonActivatingSource;
import dev.augur.construct.WindowMode;
import dev.augur.llm.LlmConfig;
import dev.augur.run.LatentResult;
import dev.augur.sample.SamplerConfig;
import dev.augur.score.ScorerKind;
import dev.augur.testing.FakeOpenAiServer;
import dev.augur.testing.TestTokenizer;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Taking a few results and closing the pipeline stops it: no thread left reading or asking. */
class AbandonedStreamTest {
    @TempDir
    Path dir;

    private static long vertxThreads() {
        return Thread.getAllStackTraces().keySet().stream()
            .filter(t -> t.isAlive() && t.getName().startsWith("vert.x-")).count();
    }

    @Test
    void closingAfterTheFirstResultStopsThePipeline() throws Exception {
        Vertx vertx = Vertx.vertx();
        FakeOpenAiServer server = FakeOpenAiServer.start(vertx, ScoringRunFixture::answer, 20).await();
        try {
            Path cache = ScoringRunFixture.writeCache(dir);
            long vertxThreadsBefore = vertxThreads();
            long t0 = System.nanoTime();
            List<LatentResult> first;
            try (AugurPipeline p = AugurPipeline.builder().cache(cache)
                    .tokenizer(TestTokenizer.BYTE_BPE)
                    .constructor(new ConstructorConfig(8, 20, 0, 12, WindowMode.ALIGNED,
                        NonActivatingSource.RANDOM, 22))
                    .sampler(SamplerConfig.defaults(22)).llm(LlmConfig.of(server.baseUrl(), "m"))
                    .explain(dev.augur.explain.ExplainerVariant.DEFAULT, false, false)
                    .scorer(ScorerKind.DETECTION).parallelism(1).build()) {
                first = p.run().limit(1).toList();
            }
            assertEquals(1, first.size());
            assertTrue(System.nanoTime() - t0 < 20_000_000_000L, "close returned promptly");
            int after = server.requests().size();
            Thread.sleep(300);
            assertEquals(after, server.requests().size(), "nothing is asked after close");
            // the pipeline's own Vert.x instance (its event loops and workers) is gone
            dev.augur.testing.Await.until("the pipeline's threads ended", () -> vertxThreads() <= vertxThreadsBefore,
                java.time.Duration.ofSeconds(30));
        } finally {
            server.close().await();
            vertx.close().await();
        }
    }
}
