package dev.augur.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augur.AugurException;
import dev.augur.testing.FakeOpenAiServer;
import dev.augur.testing.FakeOpenAiServer.Reply;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Provokes every error path with a recognizable key and checks that it shows up nowhere. */
@ExtendWith(VertxExtension.class)
class ApiKeySecrecyTest {
    private static final String KEY = "sk-augur-FAKE-7f3c9e1d2b";
    private static final Map<String, String> ENV = Map.of("OPENROUTER_API_KEY", KEY);

    private static ChatRequest ask(String what) {
        return ChatRequest.of(List.of(ChatMessage.user(what)));
    }

    /** The server echoes the key in its bodies, as some proxies do in error pages. */
    private static Reply replyFor(io.vertx.core.json.JsonObject body) {
        String what = body.getJsonArray("messages").getJsonObject(0).getString("content");
        String echo = "x".repeat(190) + " you sent Bearer " + KEY;
        return switch (what) {
            case "400" -> Reply.status(400, echo);
            case "401" -> Reply.status(401, "{\"error\":\"bad key " + KEY + "\"}");
            case "500" -> Reply.status(500, "internal " + KEY);
            case "json" -> Reply.raw("<html>" + KEY + "</html>");
            case "hang" -> Reply.hang();
            default -> Reply.text("ok");
        };
    }

    @Test
    void keyIsSentButAppearsInNoMessageOrToString(Vertx vertx, VertxTestContext ctx) {
        FakeOpenAiServer.start(vertx, ApiKeySecrecyTest::replyFor).compose(server -> {
            // A short outage bound: the gone server may open the circuit, and the call then
            // fails with the outage's message, which must not leak the key either.
            LlmConfig config = LlmConfig.of(server.baseUrl(), "m").withRetries(300, 1, 10, 20)
                .withOutage(LlmConfig.DEFAULT_FAILURE_THRESHOLD, 100, 300);
            Optional<String> key = config.resolveApiKey(ENV);
            OpenAiClient client = new OpenAiClient(vertx, config, key, System::currentTimeMillis, new Random(3));
            List<String> texts = new ArrayList<>(List.of(config.toString(), client.toString()));
            List<Future<?>> calls = new ArrayList<>();
            for (String what : List.of("400", "401", "500", "json", "hang")) {
                calls.add(client.chat(ask(what)).transform(ar -> {
                    texts.add(String.valueOf(ar.cause()));
                    texts.add(ar.cause() == null ? "" : ar.cause().getMessage());
                    return Future.succeededFuture(ar.cause() != null);
                }));
            }
            return Future.join(calls).compose(done -> {
                texts.add(client.usage().toString());
                // Connection refused: a server that has gone.
                return server.close().compose(v -> client.chat(ask("ok")).transform(ar -> {
                    texts.add(String.valueOf(ar.cause()));
                    client.close();
                    return client.chat(ask("ok")).transform(ar2 -> {
                        texts.add(String.valueOf(ar2.cause()));
                        return Future.succeededFuture(new Object[] {texts, calls, server});
                    });
                }));
            });
        }).onComplete(ctx.succeeding(result -> ctx.verify(() -> {
            @SuppressWarnings("unchecked")
            List<String> texts = (List<String>) result[0];
            @SuppressWarnings("unchecked")
            List<Future<Boolean>> calls = (List<Future<Boolean>>) (List<?>) result[1];
            FakeOpenAiServer server = (FakeOpenAiServer) result[2];
            calls.forEach(f -> assertTrue(f.result(), "every provoked call must fail"));
            assertTrue(server.authorizations().stream().allMatch(("Bearer " + KEY)::equals));
            assertTrue(texts.stream().anyMatch(t -> t.contains("[redacted]")), "bodies are excerpted");
            assertTrue(texts.stream().anyMatch(t -> t.contains("$OPENROUTER_API_KEY")), "401 hint");
            for (String t : texts) {
                assertFalse(t.contains(KEY), "key leaked in: " + t);
                assertFalse(t.contains(KEY.substring(0, 12)), "key prefix leaked in: " + t);
            }
            ctx.completeNow();
        })));
    }

    @Test
    void configurationErrorsDoNotEchoTheKey(Vertx vertx) {
        LlmConfig config = LlmConfig.of("http://127.0.0.1:9/v1", "m");
        AugurException pasted = assertThrows(AugurException.class, () -> config.withApiKeyEnv(KEY));
        assertFalse(pasted.getMessage().contains(KEY), pasted.getMessage());
        AugurException broken = assertThrows(AugurException.class,
            () -> new OpenAiClient(vertx, config, Optional.of(KEY + "\nX-Evil: 1")));
        assertFalse(broken.getMessage().contains(KEY), broken.getMessage());
        assertEquals(Optional.of(KEY), config.resolveApiKey(ENV));
        OpenAiClient client = new OpenAiClient(vertx, config, Optional.of(KEY));
        assertFalse(client.toString().contains(KEY), client.toString());
        client.close();
    }
}
