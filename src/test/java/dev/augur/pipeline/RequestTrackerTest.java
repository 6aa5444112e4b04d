package dev.augur.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The sender's bookkeeping of cluster requests, on a clock the test moves: a departure loses
 * exactly the requests its node held; silence and an overrun deadline lose a request; a node's
 * keep-alives keep a slow request alive however long it takes.
 */
class RequestTrackerTest {
    private static final NodeConfig.Faults FAULTS = NodeConfig.Faults.DEFAULT;

    private Vertx vertx;
    private final AtomicLong clock = new AtomicLong(1_000_000);
    private ClusterView view;
    private RequestTracker tracker;
    private PipelineMetrics metrics;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        AugurCodec.registerOnce(vertx);
        view = ClusterView.open(vertx);
        metrics = new PipelineMetrics();
        tracker = new RequestTracker(vertx, view, FAULTS, metrics, clock::get);
        tracker.start().await(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    private static PipelineMessage.KeepAlive alive(String node, RequestTracker.Tracked t, long budgetMs) {
        return new PipelineMessage.KeepAlive(node, List.of(t.id), List.of(budgetMs));
    }

    private static RequestTracker.Loss lossOf(CompletableFuture<RequestTracker.Loss> f) throws Exception {
        return f.get(10, TimeUnit.SECONDS);
    }

    @Test
    void aNodeLeavingLosesExactlyTheRequestsItHeld() throws Exception {
        CompletableFuture<RequestTracker.Loss> one = new CompletableFuture<>();
        CompletableFuture<RequestTracker.Loss> two = new CompletableFuture<>();
        RequestTracker.Tracked a = tracker.track(one::complete);
        RequestTracker.Tracked b = tracker.track(two::complete);
        tracker.heard(alive("n1", a, 60_000));
        tracker.heard(alive("n2", b, 60_000));
        assertEquals("n1", a.node());
        view.left("n1");
        assertEquals(RequestTracker.Loss.MEMBER_LEFT, lossOf(one));
        assertEquals(1, tracker.open(), "the request on n2 is still waited for");
        assertTrue(tracker.done(b), "answered normally");
        assertEquals(1.0, metrics.registry().find("augur_requests_resent").tag("reason", "member-left").counter().count());
        assertEquals(0, tracker.open());
        assertTrue(!two.isDone());
    }

    @Test
    void aSlowNodeThatKeepsSayingSoKeepsItsRequestAndASilentOneLosesIt() throws Exception {
        CompletableFuture<RequestTracker.Loss> slow = new CompletableFuture<>();
        CompletableFuture<RequestTracker.Loss> silent = new CompletableFuture<>();
        RequestTracker.Tracked s = tracker.track(slow::complete);
        RequestTracker.Tracked q = tracker.track(silent::complete);
        tracker.heard(alive("n1", s, 3_600_000));
        tracker.heard(alive("n2", q, 3_600_000));
        for (int i = 0; i < 100; i++) { // 200 s of keep-alives from n1, none from n2
            clock.addAndGet(FAULTS.keepAliveMs());
            tracker.heard(alive("n1", s, 3_600_000));
            tracker.sweep();
        }
        assertEquals(RequestTracker.Loss.SILENT, lossOf(silent));
        assertTrue(!slow.isDone(), "200 s is long, but the node says it is working on it");
        assertTrue(tracker.done(s));
    }

    @Test
    void aRequestPastTheDeadlineOfItsWorkIsLost() throws Exception {
        CompletableFuture<RequestTracker.Loss> lost = new CompletableFuture<>();
        RequestTracker.Tracked t = tracker.track(lost::complete);
        tracker.heard(alive("n1", t, 5_000));
        clock.addAndGet(4_000);
        tracker.sweep();
        tracker.heard(alive("n1", t, 1_000)); // the node's own count: its budget is running out
        clock.addAndGet(1_500);
        tracker.sweep();
        assertEquals(RequestTracker.Loss.DEADLINE, lossOf(lost));
    }

    @Test
    void aRequestNobodyAcknowledgedIsResentSoonAfterANodeLeftAndOnlyThen() throws Exception {
        CompletableFuture<RequestTracker.Loss> early = new CompletableFuture<>();
        RequestTracker.Tracked t = tracker.track(early::complete);
        clock.addAndGet(RequestTracker.ACK_MS + 1_000);
        tracker.sweep();
        assertTrue(!early.isDone(), "no node left: an unacknowledged request waits for the silence limit");
        view.left("n9");
        assertEquals(RequestTracker.Loss.MEMBER_LEFT, lossOf(early), "it may have gone to the node that died");
        assertNull(t.node());
    }

    @Test
    void aLateWordFromANodeThatLeftDoesNotRevivesItsRequest() throws Exception {
        CompletableFuture<RequestTracker.Loss> lost = new CompletableFuture<>();
        view.left("n1");
        RequestTracker.Tracked t = tracker.track(lost::complete);
        tracker.heard(alive("n1", t, 60_000));
        assertEquals(RequestTracker.Loss.MEMBER_LEFT, lossOf(lost));
        assertTrue(!tracker.done(t), "lost once, never answered twice");
    }
}
