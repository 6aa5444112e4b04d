package dev.augur.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augur.testing.FakeOpenAiServer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A slow scorer (the test LLM server answering after 60 ms, 2 prompts at a time) must slow
 * record building, not fill memory: records built by the sample stage minus latents finished
 * never exceeds max-latents-in-flight, sampled every millisecond from another thread.
 */
class BackPressureTest {
    static final int LATENTS = 12;
    static final int BOUND = 3;

    @TempDir
    Path dir;

    Vertx vertx;

    @AfterEach
    void close() throws Exception {
        vertx.close().await(30, TimeUnit.SECONDS);
    }

    @Test
    void aSlowScorerKeepsLatentsInFlightWithinTheBound() throws Exception {
        vertx = PipelineFixture.node(false);
        Path cache = PipelineFixture.cache(dir, LATENTS);
        FakeOpenAiServer llm = PipelineFixture.llm(vertx, 60).await(10, TimeUnit.SECONDS);
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        JsonObject conf = PipelineFixture.config(cache, dir.resolve("res"), llm.baseUrl(),
            PipelineFixture.roles("all").put("metricsPort", port))
            .put("max-latents-in-flight", BOUND).put("llm-concurrency", 2).put("scorers", "detection");

        AtomicInteger worst = new AtomicInteger();
        AtomicBoolean running = new AtomicBoolean(true);
        Thread watcher = new Thread(() -> {
            while (running.get()) {
                double built = PipelineFixture.counter(vertx, "augur_records_built");
                double done = PipelineFixture.counter(vertx, "augur_latents_completed")
                    + PipelineFixture.counter(vertx, "augur_latents_failed");
                worst.accumulateAndGet((int) (built - done), Math::max);
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        watcher.start();
        PipelineFixture.runNode(vertx, conf).await(120, TimeUnit.SECONDS);
        running.set(false);
        watcher.join();
        var response = WebClient.create(vertx).get(port, "127.0.0.1", "/metrics").send().await(10, TimeUnit.SECONDS);
        String scrape = response.statusCode() + "\n" + response.bodyAsString();

        assertEquals(LATENTS, PipelineFixture.counter(vertx, "augur_records_built"), 0.0);
        assertEquals(LATENTS, PipelineFixture.counter(vertx, "augur_latents_completed"), 0.0);
        assertTrue(worst.get() <= BOUND, "in flight peaked at " + worst.get() + " > " + BOUND);
        assertEquals(BOUND, worst.get(), "the bound was reached (the scorer was the bottleneck)");
        assertTrue(scrape.contains("augur_latents_in_flight ")
            && scrape.contains("augur_llm_prompts_sent_total{stage=\"detection\"}"), scrape);
    }
}
