package dev.augur.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augur.llm.ChatRequest;
import dev.augur.llm.ChatResponse;
import dev.augur.llm.LlmClient;
import dev.augur.llm.LlmConfig;
import dev.augur.llm.LlmUsage;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The serving node's side: a request is acknowledged at once with its node's id; its budget is
 * BASE_MS plus the worst case of each prompt it really sends, and stands still while the LLM
 * endpoint is down; handing back answers each held request once.
 */
class HeldRequestsTest {
    private static final LlmConfig LLM = LlmConfig.of("http://127.0.0.1:9/v1", "m");
    private Vertx vertx;
    private final AtomicLong clock = new AtomicLong(5_000);
    private final AtomicBoolean down = new AtomicBoolean();
    private final LinkedBlockingQueue<PipelineMessage.KeepAlive> heard = new LinkedBlockingQueue<>();
    private HeldRequests held;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        AugurCodec.registerOnce(vertx);
        vertx.eventBus().<PipelineMessage>consumer("augur.progress.sender",
            m -> heard.add((PipelineMessage.KeepAlive) m.body())).completion().await(10, TimeUnit.SECONDS);
        held = new HeldRequests(vertx, "server", 1_000, LLM, down::get, clock::get);
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    private static MultiMap headers(long id) {
        return MultiMap.caseInsensitiveMultiMap().add(HeldRequests.REQUEST, Long.toString(id))
            .add(HeldRequests.PROGRESS, "augur.progress.sender");
    }

    private static final LlmClient NOOP = new LlmClient() {
        @Override
        public Future<ChatResponse> chat(ChatRequest request) {
            return Future.failedFuture("unused");
        }

        @Override
        public LlmUsage usage() {
            return new LlmUsage();
        }

        @Override
        public void close() {
        }
    };

    @Test
    void aRequestIsAcknowledgedAtOnceAndItsBudgetGrowsWithItsPrompts() throws Exception {
        HeldRequests.Held h = held.hold(headers(7));
        PipelineMessage.KeepAlive ack = heard.poll(10, TimeUnit.SECONDS);
        assertEquals("server", ack.node());
        assertEquals(java.util.List.of(7L), ack.requests());
        assertEquals(HeldRequests.BASE_MS, ack.budgetsMs().get(0));
        LlmClient client = h.tallying(NOOP);
        client.chat(null);
        client.chat(null);
        long perPrompt = HeldRequests.perPromptMs(LLM);
        assertEquals(120_000L * 6 + 30_000L * 5, perPrompt, "timeout x (retries + 1) + max backoff x retries");
        clock.addAndGet(10_000);
        assertEquals(HeldRequests.BASE_MS + 2 * perPrompt - 10_000, held.budgetMs(h, clock.get()));
    }

    @Test
    void theBudgetStandsStillWhileTheEndpointIsDown() throws Exception {
        HeldRequests.Held h = held.hold(headers(1));
        heard.poll(10, TimeUnit.SECONDS);
        held.start();
        down.set(true);
        PipelineMessage.KeepAlive k = null;
        for (int i = 0; i < 3; i++) {
            clock.addAndGet(1_000);
            k = heard.poll(10, TimeUnit.SECONDS);
        }
        assertEquals(HeldRequests.BASE_MS, k.budgetsMs().get(0), 1_000, "three seconds down cost no budget");
        assertEquals(1, held.size());
        held.release(h);
        assertEquals(0, held.size());
    }

    @Test
    void handingBackAnswersEachHeldRequestOnce() throws Exception {
        HeldRequests.Held a = held.hold(headers(1));
        HeldRequests.Held b = held.hold(headers(2));
        AtomicLong handedBack = new AtomicLong();
        a.onHandBack(handedBack::incrementAndGet);
        b.onHandBack(handedBack::incrementAndGet);
        assertTrue(b.answer(), "b was answered just before the shutdown");
        assertEquals(1, held.handBack());
        assertEquals(1, handedBack.get());
        assertFalse(a.answer(), "a's late answer is not sent: it was handed back");
        assertEquals(0, held.size());
        assertTrue(held.fromThisNode(MultiMap.caseInsensitiveMultiMap().add(HeldRequests.PROGRESS, "augur.progress.server")));
        assertFalse(held.fromThisNode(headers(3)));
    }
}
