package dev.augur.pipeline;

import dev.augur.llm.LlmClient;
import dev.augur.llm.LlmConfig;
import dev.augur.llm.LlmClients;
import dev.augur.tokenizer.TokenDecoder;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the verticles of one node (one Vert.x instance) share: the metrics, one LLM client (so
 * the LLM concurrency limit holds for the node, however many verticle instances
 * {@code vertx run -instances N} deploys), token decoders, the cluster bookkeeping. One per
 * Vert.x instance; what a caller gives a node (its LLM client, its observer) goes to the
 * {@link NodeVerticle}'s constructor, never through here.
 */
public final class NodeResources {
    private static final Map<Vertx, NodeResources> NODES = new ConcurrentHashMap<>();

    private final PipelineMetrics metrics = new PipelineMetrics();
    private final Map<Path, TokenDecoder> decoders = new ConcurrentHashMap<>();
    private LlmClient llm;
    private boolean ownsLlm;
    private int users;
    private volatile boolean closing;
    private volatile boolean draining;
    private ClusterView cluster;
    private RequestTracker tracker;
    private HeldRequests held;
    private final java.util.List<Coordinator> coordinators = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final io.vertx.core.Promise<Void> stagesReady = io.vertx.core.Promise.promise();

    private NodeResources() {
    }

    public static NodeResources of(Vertx vertx) {
        return NODES.computeIfAbsent(vertx, v -> new NodeResources());
    }

    public PipelineMetrics metrics() {
        return metrics;
    }

    /** An LLM client the caller owns and closes (augur run, the Java API), given to the node verticle. */
    synchronized NodeResources useLlm(LlmClient client) {
        this.llm = client;
        this.ownsLlm = false;
        return this;
    }

    /** The node's client: the one given to {@link #useLlm}, else one opened from the config. */
    synchronized LlmClient llm(Vertx vertx, LlmConfig config) {
        if (llm == null && config != null) {
            llm = LlmClients.fromEnvironment(vertx, config);
            ownsLlm = true;
        }
        return llm;
    }

    /** Whether this node can prompt an LLM: a client given to {@link #useLlm}, or a config to open one. */
    synchronized boolean hasLlm(LlmConfig config) {
        return llm != null || config != null;
    }

    /** The node's client if one is open (for usage counters), else null. */
    synchronized LlmClient openLlm() {
        return llm;
    }

    TokenDecoder decoder(Path tokenizer) {
        return decoders.computeIfAbsent(tokenizer.toAbsolutePath().normalize(), TokenDecoder::open);
    }

    /**
     * Opens the node's side of the cluster (once, by its first node verticle): its membership
     * view, the tracker of the requests it sends and the table of those it holds. Completes
     * when the tracker's address is registered.
     */
    synchronized io.vertx.core.Future<Void> openCluster(Vertx vertx, NodeConfig.Faults faults, LlmConfig llmConfig) {
        cluster = ClusterView.open(vertx);
        held = new HeldRequests(vertx, cluster.nodeId(), faults.keepAliveMs(), llmConfig, () -> {
            LlmClient c = openLlm();
            return c != null && c.endpointDown();
        }, System::currentTimeMillis);
        metrics.llmCircuit(this::openLlm, llmConfig);
        if (!vertx.isClustered()) { // nothing can leave: no request needs tracking
            return io.vertx.core.Future.succeededFuture();
        }
        held.start();
        tracker = new RequestTracker(vertx, cluster, faults, metrics, System::currentTimeMillis);
        return tracker.start();
    }

    private NodeDirectory directory;

    /** The node's entry in the cluster's directory (roles, prompts per second), started once. */
    synchronized NodeDirectory directory(Vertx vertx, java.util.Set<Role> roles) {
        if (directory == null) {
            directory = new NodeDirectory(vertx, cluster.nodeId(), roles, metrics).start();
        }
        return directory;
    }

    synchronized ClusterView cluster() {
        return cluster;
    }

    /** The tracker of this node's cluster requests; null on an unclustered node. */
    synchronized RequestTracker tracker() {
        return tracker;
    }

    synchronized HeldRequests held() {
        return held;
    }

    void addCoordinator(Coordinator c) {
        coordinators.add(c);
    }

    java.util.List<Coordinator> coordinators() {
        return coordinators;
    }

    /** Every node (Vert.x instance) of this JVM. */
    static java.util.Set<Vertx> nodes() {
        return java.util.Set.copyOf(NODES.keySet());
    }

    /** Whether the node drains for a shutdown: cluster stages take only this node's own requests. */
    boolean draining() {
        return draining;
    }

    void startDraining() {
        draining = true;
    }

    /** Whether the node is shutting down: its stages' failures are then not the work's fault. */
    boolean closing() {
        return closing;
    }

    /** Registers a node verticle instance; the first (1) deploys the node's stages. */
    synchronized int acquire() {
        return ++users;
    }

    /** Completed by the first instance once the node's stages are registered. */
    io.vertx.core.Promise<Void> stagesReady() {
        return stagesReady;
    }

    /** Called as each node verticle stops; the last one frees what the node opened. */
    synchronized void release(Vertx vertx) {
        if (--users > 0) {
            return;
        }
        closing = true;
        if (ownsLlm && llm != null) {
            llm.close();
        }
        decoders.values().forEach(TokenDecoder::close);
        NODES.remove(vertx);
    }
}
