package dev.augur.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One client, several base URLs: requests go to the least busy endpoint, each endpoint has its
 * own concurrency limit, an endpoint that stops answering is taken out of rotation (its requests
 * go to the others) and probed until it answers again.
 */
class MultiEndpointClientTest {
    private static final ChatRequest REQ = ChatRequest.of(List.of(ChatMessage.user("hi")));
    private static final int CONCURRENCY = 3;
    private static final long PROBE_MS = 100;

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

    private FakeOpenAiServer server(long delayMs) throws Exception {
        FakeOpenAiServer s = FakeOpenAiServer.start(vertx, b -> Reply.text("ok").withDelay(delayMs))
            .await(5, TimeUnit.SECONDS);
        servers.add(s);
        return s;
    }

    private OpenAiClient client(String... baseUrls) {
        LlmConfig config = LlmConfig.of(List.of(baseUrls), "m").withLimits(CONCURRENCY, 0)
            .withRetries(5_000, 2, 10, 50).withOutage(3, PROBE_MS, 30_000);
        OpenAiClient c = new OpenAiClient(vertx, config, Optional.empty(), System::currentTimeMillis, new Random(5));
        clients.add(c);
        return c;
    }

    private static List<Future<ChatResponse>> send(LlmClient client, int n) {
        List<Future<ChatResponse>> all = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            all.add(client.chat(REQ));
        }
        return all;
    }

    private static long failed(List<Future<ChatResponse>> calls) throws Exception {
        Future.join(calls).otherwiseEmpty().await(30, TimeUnit.SECONDS);
        assertTrue(calls.stream().allMatch(Future::isComplete), "every call ended");
        return calls.stream().filter(Future::failed).count();
    }

    @Test
    void bothEndpointsShareTheLoadEachWithinItsOwnConcurrency() throws Exception {
        FakeOpenAiServer a = server(40);
        FakeOpenAiServer b = server(40);
        OpenAiClient client = client(a.baseUrl(), b.baseUrl());
        assertEquals(0, failed(send(client, 30)));
        assertEquals(30, a.requestCount() + b.requestCount());
        assertTrue(a.requestCount() >= 10 && b.requestCount() >= 10,
            "shared: " + a.requestCount() + " / " + b.requestCount());
        assertEquals(CONCURRENCY, a.maxInFlight(), "each endpoint gets its own limit, filled");
        assertEquals(CONCURRENCY, b.maxInFlight());
        List<EndpointUsage> e = client.usage().endpoints();
        assertEquals(List.of(a.baseUrl(), b.baseUrl()), e.stream().map(EndpointUsage::baseUrl).toList());
        assertEquals(a.requestCount(), e.get(0).requests());
        assertEquals(b.requestCount(), e.get(1).requests());
        assertEquals(0, e.get(0).outstanding() + e.get(1).outstanding());
        assertEquals(30, client.usage().requests());
    }

    @Test
    void sequentialCallsAlternate() throws Exception {
        FakeOpenAiServer a = server(0);
        FakeOpenAiServer b = server(0);
        OpenAiClient client = client(a.baseUrl(), b.baseUrl());
        for (int i = 0; i < 6; i++) {
            client.chat(REQ).await(5, TimeUnit.SECONDS);
        }
        assertEquals(3, a.requestCount());
        assertEquals(3, b.requestCount());
    }

    @Test
    void anEndpointKilledMidRunLeavesItsRequestsToTheOtherAndNoneFails() throws Exception {
        FakeOpenAiServer a = server(30);
        FakeOpenAiServer b = server(30);
        OpenAiClient client = client(a.baseUrl(), b.baseUrl());
        List<Future<ChatResponse>> calls = send(client, 60);
        Await.until("a few answers from A", () -> a.requestCount() >= 5, Duration.ofSeconds(10));
        a.close().await(5, TimeUnit.SECONDS); // its in-flight requests are cut, new connections refused
        assertEquals(0, failed(calls), "every request answered by the endpoint left");
        EndpointUsage ea = client.usage().endpoints().get(0);
        assertEquals(1, ea.circuitOpenings(), "A taken out of rotation once");
        assertTrue(ea.down());
        assertFalse(client.endpointDown(), "the client as a whole is up");
        assertEquals(0, client.usage().outageMs(), "no request waited for a server");
        assertTrue(b.requestCount() > 30, "B took over: " + b.requestCount());
    }

    @Test
    void aDeadEndpointIsProbedAndComesBackIntoRotation() throws Exception {
        FakeOpenAiServer a = server(0);
        int port = a.port();
        FakeOpenAiServer b = server(0);
        OpenAiClient client = client(a.baseUrl(), b.baseUrl());
        a.close().await(5, TimeUnit.SECONDS);
        assertEquals(0, failed(send(client, 20)));
        EndpointUsage ea = client.usage().endpoints().get(0);
        assertTrue(ea.down(), "A is out of rotation");
        long failedAtA = ea.failures();
        FakeOpenAiServer back = FakeOpenAiServer.startOnPort(vertx, q -> Reply.text("back"), port)
            .await(5, TimeUnit.SECONDS);
        servers.add(back);
        // Calls keep coming; one of them is A's probe once it is due, and A answers it.
        AtomicReference<Throwable> error = new AtomicReference<>();
        Await.until("A back in rotation", () -> {
            client.chat(REQ).onFailure(error::set).await(5, TimeUnit.SECONDS);
            return !ea.down();
        }, Duration.ofSeconds(10));
        assertEquals(null, error.get());
        assertTrue(ea.failures() >= failedAtA, "probes that were refused count as failures there");
        assertEquals(0, failed(send(client, 20)));
        assertTrue(back.requestCount() >= 5, "A takes its share again: " + back.requestCount());
        assertTrue(client.usage().endpoints().get(0).outageMs() > 0);
    }

    @Test
    void whenEveryEndpointIsDownRequestsWaitForTheFirstBack() throws Exception {
        FakeOpenAiServer a = server(0);
        FakeOpenAiServer b = server(0);
        int portB = b.port();
        OpenAiClient client = client(a.baseUrl(), b.baseUrl());
        a.close().await(5, TimeUnit.SECONDS);
        b.close().await(5, TimeUnit.SECONDS);
        List<Future<ChatResponse>> calls = send(client, 10);
        Await.until("the client holds its requests", client::endpointDown, Duration.ofSeconds(10));
        Thread.sleep(500);
        FakeOpenAiServer back = FakeOpenAiServer.startOnPort(vertx, q -> Reply.text("back"), portB)
            .await(5, TimeUnit.SECONDS);
        servers.add(back);
        assertEquals(0, failed(calls), "they waited (retries waived) and B answered");
        assertFalse(client.endpointDown());
        assertTrue(client.usage().outageMs() >= 400, "outage " + client.usage().outageMs());
        assertEquals(10, back.requestCount());
    }
}
