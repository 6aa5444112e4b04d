package dev.augur.pipeline;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augur.llm.ChatMessage;
import dev.augur.llm.ChatRequest;
import dev.augur.llm.LlmClient;
import dev.augur.llm.LlmClients;
import dev.augur.llm.LlmConfig;
import dev.augur.testing.FakeOpenAiServer;
import dev.augur.testing.FakeOpenAiServer.Reply;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Each LLM endpoint's counters reach the node's Prometheus scrape, labelled by base URL. */
class LlmEndpointMetricsTest {
    @Test
    void perEndpointRequestsFailuresOutstandingAndRotationAreScraped() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            FakeOpenAiServer a = FakeOpenAiServer.start(vertx, q -> Reply.text("ok")).await(5, TimeUnit.SECONDS);
            FakeOpenAiServer b = FakeOpenAiServer.start(vertx, q -> Reply.text("ok")).await(5, TimeUnit.SECONDS);
            LlmConfig config = LlmConfig.of(List.of(a.baseUrl(), b.baseUrl()), "m");
            LlmClient client = LlmClients.fromEnvironment(vertx, config);
            PipelineMetrics metrics = new PipelineMetrics();
            metrics.llmCircuit(() -> client, config);
            for (int i = 0; i < 4; i++) {
                client.chat(ChatRequest.of(List.of(ChatMessage.user("q" + i)))).await(5, TimeUnit.SECONDS);
            }
            String scrape = metrics.registry().scrape();
            for (FakeOpenAiServer s : List.of(a, b)) {
                String label = "{endpoint=\"" + s.baseUrl() + "\"}";
                assertTrue(scrape.contains("augur_llm_endpoint_requests_total" + label + " 2.0"), scrape);
                assertTrue(scrape.contains("augur_llm_endpoint_failures_total" + label + " 0.0"), scrape);
                assertTrue(scrape.contains("augur_llm_endpoint_outstanding" + label + " 0.0"), scrape);
                assertTrue(scrape.contains("augur_llm_endpoint_down" + label + " 0.0"), scrape);
            }
            client.close();
            a.close().await(5, TimeUnit.SECONDS);
            b.close().await(5, TimeUnit.SECONDS);
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }
}
