package dev.augur.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augur.testing.FakeOpenAiServer;
import dev.augur.testing.FakeOpenAiServer.Reply;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class OpenAiClientTest {
    private static final ChatRequest REQ = ChatRequest.of(List.of(ChatMessage.user("hi")));

    /** Fast settings: 300 ms attempts, 10..50 ms backoff, 3 retries. */
    static LlmConfig config(FakeOpenAiServer server) {
        return LlmConfig.of(server.baseUrl(), "test-model").withRetries(300, 3, 10, 50);
    }

    static OpenAiClient client(Vertx vertx, LlmConfig config) {
        return new OpenAiClient(vertx, config, Optional.empty(), System::currentTimeMillis, new Random(7));
    }

    /** Answers with {@code replies[i]} to the i-th request, repeating the last one. */
    static Function<JsonObject, Reply> sequence(Reply... replies) {
        AtomicInteger n = new AtomicInteger();
        return body -> replies[Math.min(n.getAndIncrement(), replies.length - 1)];
    }

    @Test
    void successSendsTheProtocolAndSumsUsage(Vertx vertx, VertxTestContext ctx) {
        FakeOpenAiServer.start(vertx, b -> Reply.text("hello").withUsage(7, 3)).onComplete(ctx.succeeding(server -> {
            OpenAiClient client = client(vertx, config(server));
            client.chat(REQ).compose(first -> client.chat(new ChatRequest(
                    List.of(ChatMessage.system("s"), ChatMessage.user("u")), 12, 0.5, false, 0)))
                .onComplete(ctx.succeeding(second -> ctx.verify(() -> {
                    assertEquals("hello", second.content());
                    assertTrue(second.logprobs().isEmpty());
                    LlmUsage u = client.usage();
                    assertEquals(14, u.promptTokens());
                    assertEquals(6, u.completionTokens());
                    assertEquals(2, u.requests());
                    assertEquals(0, u.retries());
                    assertEquals(0, u.failures());
                    JsonObject defaults = server.requests().get(0);
                    assertEquals("test-model", defaults.getString("model"));
                    assertEquals(LlmConfig.DEFAULT_MAX_TOKENS, defaults.getInteger("max_tokens"));
                    assertEquals(0.0, defaults.getDouble("temperature"));
                    assertFalse(defaults.containsKey("logprobs"));
                    JsonObject explicit = server.requests().get(1);
                    assertEquals(12, explicit.getInteger("max_tokens"));
                    assertEquals(0.5, explicit.getDouble("temperature"));
                    assertEquals(new JsonArray()
                        .add(new JsonObject().put("role", "system").put("content", "s"))
                        .add(new JsonObject().put("role", "user").put("content", "u")),
                        explicit.getJsonArray("messages"));
                    assertEquals(List.of("", ""), server.authorizations(), "no key, no header");
                    client.close();
                    ctx.completeNow();
                })));
        }));
    }

    @Test
    void retriesA500ThenSucceeds(Vertx vertx, VertxTestContext ctx) {
        FakeOpenAiServer.start(vertx, sequence(Reply.status(500, "oops"), Reply.text("ok")))
            .onComplete(ctx.succeeding(server -> {
                OpenAiClient client = client(vertx, config(server));
                client.chat(REQ).onComplete(ctx.succeeding(r -> ctx.verify(() -> {
                    assertEquals("ok", r.content());
                    assertEquals(2, client.usage().requests());
                    assertEquals(1, client.usage().retries());
                    assertEquals(0, client.usage().failures());
                    ctx.completeNow();
                })));
            }));
    }

    @Test
    void honoursRetryAfterSecondsOn429(Vertx vertx, VertxTestContext ctx) {
        FakeOpenAiServer.start(vertx, sequence(Reply.status(429, "slow down").withRetryAfter("1"),
            Reply.text("ok"))).onComplete(ctx.succeeding(server -> {
                OpenAiClient client = client(vertx, config(server).withRetries(300, 3, 10, 5000));
                long start = System.nanoTime();
                client.chat(REQ).onComplete(ctx.succeeding(r -> ctx.verify(() -> {
                    long elapsedMs = (System.nanoTime() - start) / 1_000_000;
                    assertTrue(elapsedMs >= 980, "waited only " + elapsedMs + " ms");
                    assertEquals(1, client.usage().retries());
                    ctx.completeNow();
                })));
            }));
    }

    @Test
    void honoursRetryAfterHttpDateAgainstTheInjectedClock(Vertx vertx, VertxTestContext ctx) {
        Instant date = Instant.parse("2030-01-01T00:00:00Z");
        String header = DateTimeFormatter.RFC_1123_DATE_TIME.format(date.atZone(ZoneOffset.UTC));
        FakeOpenAiServer.start(vertx, sequence(Reply.status(503, "busy").withRetryAfter(header),
            Reply.text("ok"))).onComplete(ctx.succeeding(server -> {
                // the injected clock puts the date 200 ms ahead; the real one, years (capped at 60 s)
                OpenAiClient client = new OpenAiClient(vertx, config(server).withRetries(300, 3, 10, 60_000),
                    Optional.empty(), () -> date.toEpochMilli() - 200, new Random(1));
                long start = System.nanoTime();
                client.chat(REQ).onComplete(ctx.succeeding(r -> ctx.verify(() -> {
                    long elapsedMs = (System.nanoTime() - start) / 1_000_000;
                    assertTrue(elapsedMs >= 190 && elapsedMs < 30_000, "waited " + elapsedMs + " ms");
                    ctx.completeNow();
                })));
            }));
    }

    @Test
    void silentServerTimesOutIsRetriedAndFinallyFails(Vertx vertx, VertxTestContext ctx) {
        FakeOpenAiServer.start(vertx, b -> Reply.hang()).onComplete(ctx.succeeding(server -> {
            OpenAiClient client = client(vertx, config(server).withRetries(300, 2, 10, 50));
            client.chat(REQ).onComplete(ctx.failing(e -> ctx.verify(() -> {
                LlmException le = assertInstanceOf(LlmException.class, e);
                assertEquals(-1, le.httpStatus());
                assertEquals(3, le.attempts());
                assertTrue(le.getMessage().contains("timeout"), le.getMessage());
                assertEquals(3, client.usage().requests());
                assertEquals(2, client.usage().retries());
                assertEquals(1, client.usage().failures());
                assertEquals(3, server.requests().size());
                assertEquals(0, client.usage().circuitOpenings(), "timeouts do not open the circuit");
                ctx.completeNow();
            })));
        }));
    }

    @Test
    void invalidJsonAndMissingContentAreRetried(Vertx vertx, VertxTestContext ctx) {
        FakeOpenAiServer.start(vertx, sequence(Reply.invalidJson(),
            Reply.raw("{\"choices\":[{\"message\":{\"role\":\"assistant\"}}]}"), Reply.text("fine")))
            .onComplete(ctx.succeeding(server -> {
                OpenAiClient client = client(vertx, config(server));
                client.chat(REQ).onComplete(ctx.succeeding(r -> ctx.verify(() -> {
                    assertEquals("fine", r.content());
                    assertEquals(2, client.usage().retries());
                    assertEquals(3, client.usage().requests());
                    ctx.completeNow();
                })));
            }));
    }

    @Test
    void badRequestFailsAtOnceWithStatusAndExcerpt(Vertx vertx, VertxTestContext ctx) {
        FakeOpenAiServer.start(vertx, b -> Reply.status(400, "{\"error\":{\"message\":\"unknown model\"}}"))
            .onComplete(ctx.succeeding(server -> {
                OpenAiClient client = client(vertx, config(server));
                client.chat(REQ).onComplete(ctx.failing(e -> ctx.verify(() -> {
                    LlmException le = assertInstanceOf(LlmException.class, e);
                    assertEquals(400, le.httpStatus());
                    assertEquals(1, le.attempts());
                    assertTrue(le.getMessage().contains("HTTP 400"), le.getMessage());
                    assertTrue(le.getMessage().contains("unknown model"), le.getMessage());
                    assertEquals(1, server.requests().size());
                    assertEquals(0, client.usage().retries());
                    assertEquals(1, client.usage().failures());
                    ctx.completeNow();
                })));
            }));
    }

    @Test
    void parsesLogprobsWhenAskedFor(Vertx vertx, VertxTestContext ctx) {
        JsonArray lp = new JsonArray()
            .add(FakeOpenAiServer.logprob("[", -0.01, "[", -0.01))
            .add(FakeOpenAiServer.logprob("1", Math.log(0.75), "1", Math.log(0.75), "0", Math.log(0.25)))
            .add(FakeOpenAiServer.logprob("]", -0.02));
        FakeOpenAiServer.start(vertx, b -> Reply.text("[1]").withLogprobs(lp)).onComplete(ctx.succeeding(server -> {
            OpenAiClient client = client(vertx, config(server));
            client.chat(new ChatRequest(REQ.messages(), 20, 0.0, true, 5)).onComplete(ctx.succeeding(r -> ctx.verify(() -> {
                JsonObject sent = server.requests().get(0);
                assertEquals(Boolean.TRUE, sent.getBoolean("logprobs"));
                assertEquals(5, sent.getInteger("top_logprobs"));
                assertEquals(3, r.logprobs().size());
                TokenLogprob one = r.logprobs().get(1);
                assertEquals("1", one.token());
                assertEquals(Math.log(0.75), one.logprob(), 1e-12);
                assertEquals(List.of(new TopLogprob("1", Math.log(0.75)), new TopLogprob("0", Math.log(0.25))),
                    one.top());
                assertTrue(r.logprobs().get(2).top().isEmpty());
                assertEquals(0.75, LogProbs.probabilityOfOne(r.logprobs()).get(0), 1e-9);
                ctx.completeNow();
            })));
        }));
    }

    @Test
    void neverExceedsTheConcurrencyLimit(Vertx vertx, VertxTestContext ctx) {
        FakeOpenAiServer.start(vertx, b -> Reply.text("ok"), 25).onComplete(ctx.succeeding(server -> {
            OpenAiClient client = client(vertx, config(server).withLimits(4, 0).withRetries(5000, 0, 10, 50));
            List<Future<ChatResponse>> all = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                all.add(client.chat(REQ));
            }
            Future.all(all).onComplete(ctx.succeeding(done -> ctx.verify(() -> {
                assertEquals(4, server.maxInFlight());
                assertEquals(50, server.requests().size());
                assertEquals(50, client.usage().requests());
                assertEquals(0, client.usage().failures());
                ctx.completeNow();
            })));
        }));
    }

    @Test
    void requestsPerMinuteSpacesAttempts(Vertx vertx, VertxTestContext ctx) {
        FakeOpenAiServer.start(vertx, b -> Reply.text("ok")).onComplete(ctx.succeeding(server -> {
            OpenAiClient client = client(vertx, config(server).withLimits(8, 600)); // one per 100 ms
            List<Future<ChatResponse>> all = new ArrayList<>();
            long asked = System.nanoTime();
            for (int i = 0; i < 4; i++) {
                all.add(client.chat(REQ));
            }
            Future.all(all).onComplete(ctx.succeeding(done -> ctx.verify(() -> {
                // The i-th attempt starts no sooner than i spacings after the calls and arrives
                // later still: a lower bound that a loaded machine only makes easier to meet (gaps
                // between arrivals are not: a slow first connection shortens the next gap).
                List<Long> at = new ArrayList<>(server.arrivalNanos());
                at.sort(null);
                assertEquals(4, at.size());
                for (int i = 1; i < at.size(); i++) {
                    long sinceMs = (at.get(i) - asked) / 1_000_000;
                    assertTrue(sinceMs >= 100L * i, "request " + i + " arrived " + sinceMs + " ms after the calls");
                }
                ctx.completeNow();
            })));
        }));
    }

    @Test
    void sendsTheKeyAsBearerHeader(Vertx vertx, VertxTestContext ctx) {
        FakeOpenAiServer.start(vertx, b -> Reply.text("ok")).onComplete(ctx.succeeding(server -> {
            OpenAiClient client = new OpenAiClient(vertx, config(server), Optional.of("sk-header-test"));
            client.chat(REQ).onComplete(ctx.succeeding(r -> ctx.verify(() -> {
                assertEquals(List.of("Bearer sk-header-test"), server.authorizations());
                ctx.completeNow();
            })));
        }));
    }

    @Test
    void closeFailsQueuedAndNewRequests(Vertx vertx, VertxTestContext ctx) {
        FakeOpenAiServer.start(vertx, b -> Reply.text("ok").withDelay(200)).onComplete(ctx.succeeding(server -> {
            OpenAiClient client = client(vertx, config(server).withLimits(1, 0));
            client.chat(REQ);
            Future<ChatResponse> queued = client.chat(REQ);
            vertx.setTimer(50, id -> {
                client.close();
                queued.onComplete(ctx.failing(e -> ctx.verify(() -> {
                    assertTrue(e.getMessage().contains("closed"), e.getMessage());
                    client.chat(REQ).onComplete(ctx.failing(e2 -> ctx.verify(() -> {
                        assertInstanceOf(LlmException.class, e2);
                        ctx.completeNow();
                    })));
                })));
            });
        }));
    }
}
