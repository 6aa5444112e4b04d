package dev.augur.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augur.testing.FakeOpenAiServer;
import dev.augur.testing.FakeOpenAiServer.Reply;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The completions path of {@link OpenAiClient} against the test LLM server: the key goes in the
 * header and never into a message, a 5xx is retried like a chat request, the answer is read
 * per prompt (prompt tokens, offsets, log-probabilities, the generated token) and its usage
 * is counted.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class CompletionsClientTest {
    private static final String KEY = "sk-augur-FAKE-completions-41d";

    Vertx vertx;
    FakeOpenAiServer server;
    OpenAiClient client;
    final AtomicInteger calls = new AtomicInteger();

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        server = FakeOpenAiServer.start(vertx, this::reply).await();
        LlmConfig config = LlmConfig.of(server.baseUrl(), "base").withRetries(3000, 2, 1, 5);
        client = new OpenAiClient(vertx, config, Optional.of(KEY), System::currentTimeMillis, new Random(1));
    }

    @AfterEach
    void stop() {
        client.close();
        server.close().await();
        vertx.close().await();
    }

    private Reply reply(JsonObject body) {
        String first = body.getValue("prompt") instanceof String s ? s : body.getJsonArray("prompt").getString(0);
        if (first.startsWith("bad")) {
            return Reply.status(400, "{\"error\": \"no such model, key " + KEY + "\"}");
        }
        if (first.startsWith("flaky") && calls.incrementAndGet() == 1) {
            return Reply.status(503, "busy");
        }
        return Reply.echo(body, (prompt, token) -> token.equals(" b") ? -0.5 : -1.0);
    }

    @Test
    void answersEachPromptWithItsEchoedTokens() {
        CompletionResponse r = client.complete(new CompletionRequest(List.of("flaky a b", "x b"))).await();
        assertEquals(2, server.requestCount(), "the 503 was retried");
        assertEquals(List.of(new PromptToken("flaky", 0, Double.NaN), new PromptToken(" a", 5, -1.0),
            new PromptToken(" b", 7, -0.5), new PromptToken(".", 9, -0.25)), r.tokens().get(0));
        assertEquals(List.of(new PromptToken("x", 0, Double.NaN), new PromptToken(" b", 1, -0.5),
            new PromptToken(".", 3, -0.25)), r.tokens().get(1));
        assertEquals(5, r.promptTokens());
        assertEquals(2, r.completionTokens());
        assertEquals(2, client.usage().requests());
        assertEquals(1, client.usage().retries());
        assertEquals(5, client.usage().promptTokens());
        assertEquals(List.of("/v1/completions", "/v1/completions"), server.paths());
        assertEquals(List.of("Bearer " + KEY, "Bearer " + KEY), server.authorizations());
        JsonObject sent = server.requests().get(1);
        assertEquals("base", sent.getString("model"));
        assertEquals(List.of("flaky a b", "x b"), sent.getJsonArray("prompt").getList());
    }

    @Test
    void aRefusedRequestFailsWithoutTheKey() {
        LlmException e = assertThrows(LlmException.class,
            () -> client.complete(new CompletionRequest(List.of("bad"))).await());
        assertEquals(400, e.httpStatus());
        assertTrue(e.getMessage().contains("/v1/completions") && e.getMessage().contains("no such model"),
            e.getMessage());
        assertFalse(e.getMessage().contains(KEY), e.getMessage());
        assertEquals(1, client.usage().failures());
    }
}
