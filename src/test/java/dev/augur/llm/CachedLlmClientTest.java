package dev.augur.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augur.testing.FakeOpenAiServer;
import dev.augur.testing.FakeOpenAiServer.Reply;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client behind the response cache, against the test server. */
class CachedLlmClientTest {
    private static final String KEY = "sk-cache-secret-4242-never-on-disk";

    @TempDir
    Path dir;
    private Vertx vertx;
    private FakeOpenAiServer server;
    private LlmClient client;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        server = FakeOpenAiServer.start(vertx, q -> Reply.text("answer " + q.getJsonArray("messages").encode())
            .withUsage(120, 7).withLogprobs(new JsonArray().add(FakeOpenAiServer.logprob("1", -0.2, "1", -0.2, "0", -1.7))))
            .await(5, TimeUnit.SECONDS);
        LlmConfig config = LlmConfig.of(server.baseUrl(), "m").withCache(dir.resolve("cache").toString(), 1);
        client = new CachedLlmClient(vertx, new OpenAiClient(vertx, config, Optional.of(KEY)), config,
            new ResponseCache(dir.resolve("cache"), 1 << 20));
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        server.close().await(5, TimeUnit.SECONDS);
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    private static ChatRequest request(String user, double temperature) {
        return new ChatRequest(List.of(ChatMessage.system("sys"), ChatMessage.user(user)), 0, temperature, true, 5);
    }

    @Test
    void anIdenticalRequestIsAnsweredFromTheCacheWithItsUsage() throws Exception {
        ChatResponse first = client.chat(request("q", 0)).await(10, TimeUnit.SECONDS);
        assertFalse(first.cached());
        ChatResponse again = client.chat(request("q", 0)).await(10, TimeUnit.SECONDS);
        assertEquals(1, server.requestCount(), "no second call");
        assertTrue(again.cached());
        assertEquals(first.content(), again.content());
        assertEquals(first.logprobs(), again.logprobs());
        assertEquals(120, again.promptTokens());
        assertEquals(7, again.completionTokens());
        LlmUsage u = client.usage();
        assertEquals(1, u.requests());
        assertEquals(1, u.cacheHits());
        assertEquals(1, u.cacheMisses());
        assertEquals(120, u.cachePromptTokens());
        assertEquals(7, u.cacheCompletionTokens());
        assertEquals(120, u.promptTokens(), "paid tokens: the first call only");
    }

    @Test
    void anotherTemperatureOrMessageIsAnotherRequest() throws Exception {
        client.chat(request("q", 0)).await(10, TimeUnit.SECONDS);
        client.chat(request("q", 0.7)).await(10, TimeUnit.SECONDS);
        client.chat(request("other", 0)).await(10, TimeUnit.SECONDS);
        assertEquals(3, server.requestCount());
    }

    @Test
    void theApiKeyNeverReachesTheCacheFolder() throws Exception {
        for (int i = 0; i < 5; i++) {
            client.chat(request("q" + i, 0)).await(10, TimeUnit.SECONDS);
        }
        assertEquals("Bearer " + KEY, server.authorizations().get(0), "the key was in use");
        try (Stream<Path> files = Files.walk(dir.resolve("cache"))) {
            List<Path> all = files.filter(Files::isRegularFile).toList();
            assertEquals(5, all.size());
            for (Path f : all) {
                String text = Files.readString(f, StandardCharsets.UTF_8);
                assertFalse(text.contains(KEY) || text.contains("4242"), f.toString());
                assertFalse(text.contains(server.baseUrl()) || text.contains("127.0.0.1"), "nor the endpoint");
                assertFalse(f.toString().contains("4242"));
            }
        }
    }
}
