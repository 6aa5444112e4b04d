package dev.augur.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augur.testing.Await;
import dev.augur.testing.FakeOpenAiServer;
import dev.augur.testing.FakeOpenAiServer.Reply;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The client's circuit against a real HTTP server that goes away (connection refused) or answers
 * 5xx for a while: requests wait instead of burning their retries, and fail only when the
 * endpoint stays away longer than {@code maxOutageMs}.
 */
class OpenAiClientOutageTest {
    private static final ChatRequest REQ = ChatRequest.of(List.of(ChatMessage.user("hi")));
    private static final int N = 20;
    private static final int CONCURRENCY = 4;
    private static final long PROBE_MS = 200;
    /** Longer than the whole retry budget below (3 attempts, 10..50 ms backoff) by far. */
    private static final long OUTAGE_MS = 1_500;

    private Vertx vertx;
    private final List<OpenAiClient> clients = new ArrayList<>();
    private final List<FakeOpenAiServer> servers = new ArrayList<>();

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
    }

    @AfterEach
    void stop() throws Exception {
        clients.forEach(OpenAiClient::close);
        for (FakeOpenAiServer s : servers) {
            s.close().await(5, TimeUnit.SECONDS);
        }
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    /** 2 retries with 10..50 ms backoff; probes every 200 ms; a 30 s outage bound; no timeouts. */
    private static LlmConfig config(String baseUrl, int threshold) {
        return LlmConfig.of(baseUrl, "m").withLimits(CONCURRENCY, 0).withRetries(5_000, 2, 10, 50)
            .withOutage(threshold, PROBE_MS, 30_000);
    }

    private OpenAiClient client(LlmConfig config) {
        OpenAiClient c = new OpenAiClient(vertx, config, Optional.empty(), System::currentTimeMillis, new Random(5));
        clients.add(c);
        return c;
    }

    private FakeOpenAiServer server(FakeOpenAiServer started) {
        servers.add(started);
        return started;
    }

    private static List<Future<ChatResponse>> send(LlmClient client, int n) {
        List<Future<ChatResponse>> all = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            all.add(client.chat(REQ));
        }
        return all;
    }

    /** Waits for every call to finish, successfully or not; returns how many failed. */
    private static long settle(List<Future<ChatResponse>> calls) throws Exception {
        Future.join(calls).otherwiseEmpty().await(20, TimeUnit.SECONDS);
        return calls.stream().filter(Future::failed).count();
    }

    /** The result of one refused-connections outage: the calls, the client, what the new server saw. */
    private record Refused(List<Future<ChatResponse>> calls, OpenAiClient client, FakeOpenAiServer back) {
    }

    /** The server goes away, N calls are made, after OUTAGE_MS a server returns on the same port. */
    private Refused refusedOutage(int threshold) throws Exception {
        FakeOpenAiServer gone = FakeOpenAiServer.start(vertx, b -> Reply.text("ok")).await(5, TimeUnit.SECONDS);
        int port = gone.port();
        OpenAiClient client = client(config(gone.baseUrl(), threshold));
        gone.close().await(5, TimeUnit.SECONDS);
        List<Future<ChatResponse>> calls = send(client, N);
        Thread.sleep(OUTAGE_MS);
        FakeOpenAiServer back = server(FakeOpenAiServer.startOnPort(vertx, b -> Reply.text("ok"), port)
            .await(5, TimeUnit.SECONDS));
        settle(calls);
        return new Refused(calls, client, back);
    }

    @Test
    void refusedConnectionsLongerThanTheRetriesLastFailNoRequest() throws Exception {
        Refused r = refusedOutage(LlmConfig.DEFAULT_FAILURE_THRESHOLD);
        LlmUsage u = r.client().usage();
        assertEquals(0, r.calls().stream().filter(Future::failed).count(), "every call succeeded");
        assertEquals(0, u.failures());
        assertTrue(u.circuitOpenings() >= 1, u.toString());
        assertTrue(u.outageMs() > 0, u.toString());
        assertFalse(r.client().endpointDown());
        assertEquals(N, r.back().requestCount(), "after the return, one attempt per call");
        // During the outage: the attempts in flight when it began, then one probe at a time.
        long duringOutage = u.requests() - r.back().requestCount();
        assertTrue(duringOutage <= CONCURRENCY + u.outageMs() / PROBE_MS + 2,
            duringOutage + " attempts during " + u.outageMs() + " ms of outage: " + u);
        assertTrue(duringOutage < N, "fewer attempts than calls: they waited, they did not retry");
    }

    @Test
    void withoutTheCircuitTheSameOutageFailsRequests() throws Exception {
        Refused r = refusedOutage(Integer.MAX_VALUE); // never opens: the client as it was before
        LlmUsage u = r.client().usage();
        long failed = r.calls().stream().filter(Future::failed).count();
        assertTrue(failed > 0, "the retries ran out during the outage: " + u);
        assertEquals(failed, u.failures(), "each failed call counted once");
        assertEquals(0, u.circuitOpenings());
    }

    @Test
    void a5xxOutageThenRecoveryFailsNoRequest() throws Exception {
        AtomicBoolean down = new AtomicBoolean(true);
        AtomicInteger answered5xx = new AtomicInteger();
        FakeOpenAiServer server = server(FakeOpenAiServer.start(vertx, b -> {
            if (down.get()) {
                answered5xx.incrementAndGet();
                return Reply.status(503, "upstream unavailable");
            }
            return Reply.text("ok");
        }).await(5, TimeUnit.SECONDS));
        OpenAiClient client = client(config(server.baseUrl(), LlmConfig.DEFAULT_FAILURE_THRESHOLD));
        List<Future<ChatResponse>> calls = send(client, N);
        Await.until("the circuit to open", client::endpointDown, Duration.ofSeconds(5));
        Thread.sleep(OUTAGE_MS);
        down.set(false);
        assertEquals(0, settle(calls));
        LlmUsage u = client.usage();
        assertEquals(0, u.failures(), u.toString());
        assertTrue(u.circuitOpenings() >= 1, u.toString());
        assertFalse(client.endpointDown());
        int bad = answered5xx.get();
        assertTrue(bad <= CONCURRENCY + u.outageMs() / PROBE_MS + 2, bad + " 503s in " + u.outageMs() + " ms: " + u);
        assertTrue(bad < N, "the server saw probes, not every call retrying: " + bad);
        assertEquals(u.requests(), server.requestCount());
    }

    @Test
    void aDeadEndpointFailsEveryRequestOnceAfterTheOutageBound() throws Exception {
        FakeOpenAiServer gone = FakeOpenAiServer.start(vertx, b -> Reply.text("ok")).await(5, TimeUnit.SECONDS);
        gone.close().await(5, TimeUnit.SECONDS);
        long boundMs = 800;
        OpenAiClient client = client(config(gone.baseUrl(), 3).withOutage(3, PROBE_MS, boundMs));
        long start = System.nanoTime();
        List<Future<ChatResponse>> calls = send(client, 10);
        assertEquals(10, settle(calls));
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        assertTrue(elapsedMs >= boundMs - 50 && elapsedMs < 10_000, "failed after " + elapsedMs + " ms");
        for (Future<ChatResponse> f : calls) {
            LlmException e = assertInstanceOf(LlmException.class, f.cause());
            assertTrue(e.getMessage().contains("the endpoint was unreachable for "), e.getMessage());
            assertTrue(e.getMessage().contains("--llm-max-outage"), e.getMessage());
            assertTrue(e.attempts() <= 3, "its retries were not burnt: " + e.getMessage());
        }
        LlmUsage u = client.usage();
        assertEquals(10, u.failures(), "each call counted once: " + u);
        assertEquals(1, u.circuitOpenings());
        assertTrue(client.endpointDown(), "still down: nothing answered");
    }

    @Test
    void closingTheClientFailsHeldRequestsAtOnce() throws Exception {
        FakeOpenAiServer gone = FakeOpenAiServer.start(vertx, b -> Reply.text("ok")).await(5, TimeUnit.SECONDS);
        gone.close().await(5, TimeUnit.SECONDS);
        OpenAiClient client = client(config(gone.baseUrl(), 1));
        List<Future<ChatResponse>> calls = send(client, 6);
        Await.until("the circuit to open", client::endpointDown, Duration.ofSeconds(5));
        long start = System.nanoTime();
        client.close();
        assertEquals(6, settle(calls));
        // held until the 30 s outage bound, they would fail as "unreachable", after settle's 20 s
        assertTrue((System.nanoTime() - start) / 1_000_000 < 15_000, "not held until the outage bound");
        calls.forEach(f -> assertTrue(f.cause().getMessage().contains("closed"), f.cause().getMessage()));
        assertEquals(6, client.usage().failures());
        assertFalse(client.endpointDown());
    }

    @Test
    void rateLimitsAndBadRequestsDoNotOpenTheCircuit() throws Exception {
        AtomicInteger n = new AtomicInteger();
        FakeOpenAiServer server = server(FakeOpenAiServer.start(vertx, b -> switch (b.getJsonArray("messages")
            .getJsonObject(0).getString("content")) {
            case "bad" -> Reply.status(400, "{\"error\":{\"message\":\"no such model\"}}");
            default -> n.getAndIncrement() < 8 ? Reply.status(429, "slow down") : Reply.text("ok");
        }).await(5, TimeUnit.SECONDS));
        OpenAiClient client = client(config(server.baseUrl(), 2).withRetries(5_000, 10, 10, 50));
        List<Future<ChatResponse>> calls = send(client, 4);
        for (int i = 0; i < 5; i++) {
            calls.add(client.chat(ChatRequest.of(List.of(ChatMessage.user("bad")))));
        }
        assertEquals(5, settle(calls), "the 400s fail, the 429s are retried");
        calls.subList(0, 4).forEach(f -> assertTrue(f.succeeded(), String.valueOf(f.cause())));
        calls.subList(4, 9).forEach(f -> assertEquals(400, ((LlmException) f.cause()).httpStatus()));
        LlmUsage u = client.usage();
        assertEquals(0, u.circuitOpenings(), u.toString());
        assertEquals(5, u.failures());
        assertEquals(4 + 8 + 5, u.requests());
        assertFalse(client.endpointDown());
    }

    @Test
    void aPromptThatAlwaysGets500CannotHoldTheOthersByBeingTheProbe() throws Exception {
        FakeOpenAiServer server = server(FakeOpenAiServer.start(vertx, b -> "poison".equals(
            b.getJsonArray("messages").getJsonObject(0).getString("content"))
            ? Reply.status(500, "this prompt crashes the model") : Reply.text("ok"))
            .await(5, TimeUnit.SECONDS));
        OpenAiClient client = client(config(server.baseUrl(), 3).withLimits(1, 0));
        Future<ChatResponse> poison = client.chat(ChatRequest.of(List.of(ChatMessage.user("poison"))));
        Await.until("three 500s in a row to open the circuit", client::endpointDown, Duration.ofSeconds(5));
        List<Future<ChatResponse>> healthy = send(client, 3); // queued behind the poison prompt
        assertEquals(0, settle(healthy), "a failed probe goes to the back: the next probe answers");
        settle(List.of(poison));
        LlmException e = assertInstanceOf(LlmException.class, poison.cause());
        assertEquals(500, e.httpStatus());
        assertEquals(5, e.attempts(), "2 charged, 1 opening the circuit, 1 probe, the last charged");
        assertEquals(1, client.usage().failures());
        assertEquals(1, client.usage().circuitOpenings());
    }

    @Test
    void aProbeAnsweredWithA400ClosesTheCircuitAndFailsAsBefore() throws Exception {
        AtomicInteger n = new AtomicInteger();
        FakeOpenAiServer server = server(FakeOpenAiServer.start(vertx,
            b -> n.getAndIncrement() < 3 ? Reply.status(500, "crashed") : Reply.status(400, "bad request"))
            .await(5, TimeUnit.SECONDS));
        OpenAiClient client = client(config(server.baseUrl(), 3).withLimits(1, 0));
        Future<ChatResponse> call = client.chat(REQ);
        settle(List.of(call));
        LlmException e = assertInstanceOf(LlmException.class, call.cause());
        assertEquals(400, e.httpStatus());
        assertEquals(4, e.attempts(), "two charged 500s, the one that opened the circuit, the probe");
        LlmUsage u = client.usage();
        assertEquals(1, u.circuitOpenings());
        assertEquals(1, u.failures());
        assertTrue(u.outageMs() >= PROBE_MS - 20, u.toString());
        assertFalse(client.endpointDown());
    }
}
