package dev.augur.pipeline;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The sender's side of cluster requests (explain, score): which node holds each one, and when
 * it counts as lost and is sent again. A node that takes a request says so at once on this
 * node's progress address and repeats it every {@code node.keepAliveMs} while it holds it (see
 * {@link HeldRequests}). A request is lost, and re-sent, when
 * <ul>
 * <li>the node holding it leaves the cluster: at once, on the membership event;</li>
 * <li>nothing was heard of it for {@code node.silenceMs}: a hung node, a link broken before
 * the membership noticed, or a request nobody took;</li>
 * <li>the deadline of its work passed: the holding node states, in each keep-alive, what its
 * work may still take (its prompts times the LLM's worst case per prompt), a budget that stands
 * still while that node's LLM endpoint is down.</li>
 * </ul>
 * So a live node that is slow because its LLM is slow keeps its requests, and a dead one is
 * found by the membership, not by a timeout.
 */
final class RequestTracker {
    private static final System.Logger LOG = System.getLogger("dev.augur.pipeline");

    /** How soon a node acknowledges a request it took: it does so before any work. */
    static final long ACK_MS = 2_000;

    /** Why a request was sent again; the tag of {@code augur_requests_resent_total}. */
    enum Loss {
        MEMBER_LEFT("member-left"), SILENT("silent"), DEADLINE("deadline");

        final String tag;

        Loss(String tag) {
            this.tag = tag;
        }
    }

    /** One attempt of one request, from sending until it is answered or lost. */
    static final class Tracked {
        final long id;
        private final Context context;
        private final Consumer<Loss> onLost;
        private final AtomicBoolean ended = new AtomicBoolean();
        private final long sentAt;
        private volatile String node;
        private volatile long silentAt;
        private volatile long deadlineAt = Long.MAX_VALUE;

        private Tracked(long id, Context context, Consumer<Loss> onLost, long sentAt, long silenceMs) {
            this.id = id;
            this.context = context;
            this.onLost = onLost;
            this.sentAt = sentAt;
            this.silentAt = sentAt + silenceMs;
        }

        /** The node that took it, once it said so; null before. */
        String node() {
            return node;
        }
    }

    private final Vertx vertx;
    private final ClusterView cluster;
    private final NodeConfig.Faults faults;
    private final PipelineMetrics metrics;
    private final LongSupplier clock;
    private final String address;
    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, Tracked> open = new ConcurrentHashMap<>();
    private volatile long lastLeftAt = Long.MIN_VALUE / 2;

    RequestTracker(Vertx vertx, ClusterView cluster, NodeConfig.Faults faults, PipelineMetrics metrics,
                   LongSupplier clock) {
        this.vertx = vertx;
        this.cluster = cluster;
        this.faults = faults;
        this.metrics = metrics;
        this.clock = clock;
        this.address = "augur.progress." + cluster.nodeId();
    }

    /** Listens for keep-alives and departures; completes once the progress address is registered cluster-wide. */
    Future<Void> start() {
        cluster.onLeft(vertx, this::memberLeft);
        vertx.setPeriodic(Math.max(100, faults.keepAliveMs() / 2), t -> sweep());
        return vertx.eventBus().<PipelineMessage>consumer(address, m -> {
            if (m.body() instanceof PipelineMessage.KeepAlive k) {
                heard(k);
            }
        }).completion();
    }

    /** Where nodes holding this node's requests report (the {@link HeldRequests#PROGRESS} header). */
    String address() {
        return address;
    }

    /** Starts tracking an attempt; {@code onLost} runs once, on the caller's context, if it is lost. */
    Tracked track(Consumer<Loss> onLost) {
        Tracked t = new Tracked(ids.incrementAndGet(), vertx.getOrCreateContext(), onLost, clock.getAsLong(),
            faults.silenceMs());
        open.put(t.id, t);
        return t;
    }

    /** The attempt was answered (or failed for a reason of its own): stop tracking it. Returns false if it was lost first. */
    boolean done(Tracked t) {
        open.remove(t.id);
        return t.ended.compareAndSet(false, true);
    }

    void heard(PipelineMessage.KeepAlive k) {
        long now = clock.getAsLong();
        for (int i = 0; i < k.requests().size(); i++) {
            Tracked t = open.get(k.requests().get(i));
            if (t != null) {
                t.node = k.node();
                t.silentAt = now + faults.silenceMs();
                t.deadlineAt = now + k.budgetsMs().get(i);
                if (cluster.hasLeft(k.node())) { // a late word from a node already gone
                    lose(t, Loss.MEMBER_LEFT);
                }
            }
        }
    }

    /**
     * Every request held by {@code node} is lost: sent again at once. So is every request no
     * node acknowledged within {@link #ACK_MS}: the event bus may have routed it to the node
     * that died before the membership noticed, and such a message is dropped without a word.
     */
    void memberLeft(String node) {
        List<Tracked> held = new ArrayList<>();
        long now = clock.getAsLong();
        lastLeftAt = now;
        for (Tracked t : open.values()) {
            if (node.equals(t.node) || (t.node == null && now - t.sentAt > ACK_MS)) {
                held.add(t);
            }
        }
        int resent = 0;
        for (Tracked t : held) {
            resent += lose(t, Loss.MEMBER_LEFT) ? 1 : 0;
        }
        LOG.log(System.Logger.Level.WARNING, "augur node: member " + node + " left the cluster: "
            + resent + " request(s) it held re-sent");
    }

    /**
     * Finds silent requests and requests past their deadline. For a while after a member left,
     * a request no node acknowledged within {@link #ACK_MS} is re-sent too: until every node
     * has dropped the gone member's subscriptions, the event bus may still route requests to
     * it, and drops them there without a word.
     */
    void sweep() {
        long now = clock.getAsLong();
        boolean memberJustLeft = now - lastLeftAt < faults.silenceMs();
        for (Tracked t : open.values()) {
            if (memberJustLeft && t.node == null && now - t.sentAt > ACK_MS) {
                lose(t, Loss.MEMBER_LEFT);
            } else if (now > t.deadlineAt) {
                lose(t, Loss.DEADLINE);
            } else if (now > t.silentAt) {
                lose(t, Loss.SILENT);
            }
        }
    }

    private boolean lose(Tracked t, Loss why) {
        open.remove(t.id);
        if (!t.ended.compareAndSet(false, true)) {
            return false;
        }
        metrics.resent(why.tag);
        t.context.runOnContext(v -> t.onLost.accept(why));
        return true;
    }

    /** Requests being tracked now (for tests). */
    int open() {
        return open.size();
    }
}
