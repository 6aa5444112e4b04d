package dev.augur.pipeline;

import dev.augur.testing.FakeOpenAiServer;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Helpers for bench/cluster-bench.sh (test scope: it uses the test LLM server, the fake
 * OpenAI server, the one stand-in allowed):
 * {@code cache DIR LATENTS} writes a cache; {@code server PORT_FILE DELAY_MS} serves the fake
 * LLM on 127.0.0.1 until killed, writing its base URL to PORT_FILE.
 */
public final class ClusterBenchTool {
    private ClusterBenchTool() {
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "cache" -> System.out.println(PipelineFixture.cache(Path.of(args[1]), Integer.parseInt(args[2])));
            case "server" -> {
                Vertx vertx = Vertx.vertx();
                FakeOpenAiServer s = PipelineFixture.llm(vertx, Long.parseLong(args[2])).await(30, TimeUnit.SECONDS);
                s.forgetBodies();
                Files.writeString(Path.of(args[1]), s.baseUrl());
                Thread.currentThread().join();
            }
            default -> throw new IllegalArgumentException("cache DIR LATENTS | server URL_FILE DELAY_MS");
        }
    }
}
