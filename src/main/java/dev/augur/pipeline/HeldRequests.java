package dev.augur.pipeline;

import dev.augur.llm.ChatRequest;
import dev.augur.llm.ChatResponse;
import dev.augur.llm.CompletionRequest;
import dev.augur.llm.CompletionResponse;
import dev.augur.llm.LlmClient;
import dev.augur.llm.LlmClientView;
import dev.augur.llm.LlmConfig;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * The serving side of cluster requests: the requests this node holds for each sender. A
 * request is acknowledged at once on its sender's progress address, naming this node, and
 * kept alive every {@code node.keepAliveMs} until it is answered (see {@link RequestTracker}),
 * each time with the budget its work may still take:
 * <pre>
 * budget = BASE_MS + prompts sent for it x (LLM request timeout x (retries + 1) + max backoff x retries)
 *          + the time this node's LLM endpoint was down while it was held - time held
 * </pre>
 * so the deadline grows with the prompts the request really sends, and stands still while the
 * node waits for its LLM to come back.
 */
final class HeldRequests {
    /** Header of a cluster request: the sender's id of this attempt. */
    static final String REQUEST = "augur-request";
    /** Header of a cluster request: where the sender hears about it (its {@link RequestTracker}). */
    static final String PROGRESS = "augur-progress";
    /** What a request may take besides its prompts: reading, embedding, queueing for the stage. */
    static final long BASE_MS = 120_000;

    /** One request held by this node. */
    static final class Held {
        /** A request that no sender tracks (node-local, or from an unclustered node). */
        static Held untracked() {
            return new Held(null, -1, 0);
        }

        final String progress;
        final long id;
        final long since;
        private final AtomicInteger prompts = new AtomicInteger();
        private final AtomicBoolean answered = new AtomicBoolean();
        private volatile long pausedMs;
        private volatile Runnable handBack = () -> { };

        private Held(String progress, long id, long since) {
            this.progress = progress;
            this.id = id;
            this.since = since;
        }

        /** The client as this request uses it: each prompt it sends extends its deadline. */
        LlmClient tallying(LlmClient client) {
            if (client == null || progress == null) {
                return client;
            }
            return new LlmClientView(client) {
                @Override
                public Future<ChatResponse> chat(ChatRequest request) {
                    prompts.incrementAndGet();
                    return super.chat(request);
                }

                @Override
                public Future<CompletionResponse> complete(CompletionRequest request) {
                    prompts.incrementAndGet();
                    return super.complete(request);
                }
            };
        }

        /** Claims the right to answer: false if the request was answered (or handed back) already. */
        boolean answer() {
            return answered.compareAndSet(false, true);
        }

        /** What answers the sender "busy, ask elsewhere" if the node hands this request back. */
        void onHandBack(Runnable r) {
            handBack = r;
        }

        int prompts() {
            return prompts.get();
        }
    }

    private final Vertx vertx;
    private final String nodeId;
    private final long keepAliveMs;
    private final LongSupplier clock;
    private final BooleanSupplier llmDown;
    private final long perPromptMs;
    private final Map<String, Map<Long, Held>> bySender = new ConcurrentHashMap<>();
    private final AtomicInteger size = new AtomicInteger();

    /** @param llm this node's LLM settings (null without an LLM): they size each prompt's worst case */
    HeldRequests(Vertx vertx, String nodeId, long keepAliveMs, LlmConfig llm, BooleanSupplier llmDown,
                 LongSupplier clock) {
        this.vertx = vertx;
        this.nodeId = nodeId;
        this.keepAliveMs = keepAliveMs;
        this.llmDown = llmDown;
        this.clock = clock;
        this.perPromptMs = llm == null ? 0 : perPromptMs(llm);
    }

    /** The longest one prompt may take with its retries: every attempt timing out, every backoff at its cap. */
    static long perPromptMs(LlmConfig llm) {
        return llm.requestTimeoutMs() * (llm.maxRetries() + 1L) + llm.maxBackoffMs() * llm.maxRetries();
    }

    void start() {
        vertx.setPeriodic(keepAliveMs, t -> tick());
    }

    /** Holds the request with these headers (acknowledged at once), or an untracked one without them. */
    Held hold(MultiMap headers) {
        String progress = headers == null ? null : headers.get(PROGRESS);
        String id = headers == null ? null : headers.get(REQUEST);
        if (progress == null || id == null) {
            return Held.untracked();
        }
        long requestId;
        try {
            requestId = Long.parseLong(id);
        } catch (NumberFormatException e) {
            return Held.untracked();
        }
        Held h = new Held(progress, requestId, clock.getAsLong());
        bySender.computeIfAbsent(progress, p -> new ConcurrentHashMap<>()).put(requestId, h);
        size.incrementAndGet();
        send(progress, List.of(h), clock.getAsLong());
        return h;
    }

    void release(Held h) {
        if (h.progress == null) {
            return;
        }
        Map<Long, Held> m = bySender.get(h.progress);
        if (m != null && m.remove(h.id) != null) {
            size.decrementAndGet();
        }
    }

    /** Requests held now. */
    int size() {
        return size.get();
    }

    /** Whether a request with these headers comes from a sender on this node (its own coordinator). */
    boolean fromThisNode(MultiMap headers) {
        String progress = headers == null ? null : headers.get(PROGRESS);
        return progress == null || progress.endsWith("." + nodeId);
    }

    /** Answers every request still held "busy": their senders ask another node at once. */
    int handBack() {
        int n = 0;
        for (Map<Long, Held> m : bySender.values()) {
            for (Held h : List.copyOf(m.values())) {
                if (h.answer()) {
                    h.handBack.run();
                    n++;
                }
                release(h);
            }
        }
        return n;
    }

    long budgetMs(Held h, long now) {
        return Math.max(0, h.since + BASE_MS + h.prompts() * perPromptMs + h.pausedMs - now);
    }

    private void tick() {
        long now = clock.getAsLong();
        boolean down = llmDown.getAsBoolean();
        for (Map.Entry<String, Map<Long, Held>> e : bySender.entrySet()) {
            List<Held> held = new ArrayList<>(e.getValue().values());
            if (held.isEmpty()) { // (a sender's empty map stays: senders are few, one per coordinator node)
                continue;
            }
            if (down) {
                held.forEach(h -> h.pausedMs += keepAliveMs);
            }
            send(e.getKey(), held, now);
        }
    }

    private void send(String progress, List<Held> held, long now) {
        List<Long> ids = new ArrayList<>(held.size());
        List<Long> budgets = new ArrayList<>(held.size());
        for (Held h : held) {
            ids.add(h.id);
            budgets.add(budgetMs(h, now));
        }
        vertx.eventBus().send(progress, new PipelineMessage.KeepAlive(nodeId, ids, budgets),
            new io.vertx.core.eventbus.DeliveryOptions().setCodecName(AugurCodec.NAME));
    }

    /** For tests: the held requests by sender. */
    Map<String, Integer> counts() {
        Map<String, Integer> out = new HashMap<>();
        bySender.forEach((k, v) -> out.put(k, v.size()));
        return out;
    }
}
