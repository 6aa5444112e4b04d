package dev.augur.pipeline;

import dev.augur.config.RunPlan;
import dev.augur.AugurException;
import dev.augur.construct.ExampleConstructor;
import dev.augur.construct.ExampleConstructors;
import dev.augur.llm.LlmConfig;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.VerticleBase;
import io.vertx.ext.web.Router;
import io.vertx.micrometer.PrometheusScrapingHandler;
import java.util.ArrayList;
import java.util.List;

/**
 * The one deployable: reads its JSON config ({@code conf/}) and deploys the stages of the
 * roles listed in {@code node.roles}, so a full node and a scorer-only node differ only in
 * their config file. {@code vertx run dev.augur.pipeline.NodeVerticle -conf conf/node.json
 * -cluster}; {@code augur run} deploys it in-process with every role.
 */
public final class NodeVerticle extends VerticleBase {
    private static final System.Logger LOG = System.getLogger("dev.augur.pipeline");

    private final NodeConfig givenNode;
    private final RunPlan givenPlan;
    private final dev.augur.llm.LlmClient givenLlm;
    private final RunObserver givenObserver;

    /** For {@code vertx run}: everything comes from the config. */
    public NodeVerticle() {
        this(null, null, null, null);
    }

    /**
     * In-process ({@code augur run}, the Java API): the node's settings, the run's plan, the
     * caller's LLM client (it closes it; null: one is opened from the plan's settings, or none)
     * and where the coordinator reports (null: the run's files, as under {@code vertx run}).
     */
    public NodeVerticle(NodeConfig node, RunPlan plan, dev.augur.llm.LlmClient llm, RunObserver observer) {
        this.givenNode = node;
        this.givenPlan = plan;
        this.givenLlm = llm;
        this.givenObserver = observer;
    }

    /** What a node runs: its roles, the run (null for roles that need none), its LLM (or null). */
    private record Settings(NodeConfig node, RunPlan plan, LlmConfig llm) {
    }

    @Override
    public Future<?> start() {
        if (givenNode != null) { // in-process, the caller reports a failure
            try {
                check(givenNode, givenPlan);
            } catch (RuntimeException e) {
                return Future.failedFuture(e);
            }
            return start(new Settings(givenNode, givenPlan, givenPlan == null ? null : givenPlan.llm()));
        }
        // Reading the config checks the run against its cache and tokenizer (file reads, a
        // native library): off the event loop. A bad config: one line, the deployment fails.
        return vertx.executeBlocking(() -> fromConfig(config()), false)
            .onFailure(NodeVerticle::badConfig)
            .compose(this::start);
    }

    /** Set by bin/vertx: the node is its own process, started by a user or a service manager. */
    static final String EXIT_ON_BAD_CONFIG = "augur.node.exitOnBadConfig";
    /** The command line's status for bad input ({@code cli.Augur.EXIT_USAGE}). */
    static final int EXIT_BAD_CONFIG = 2;

    /**
     * A config the node cannot run: one line. Under bin/vertx the process then ends with status 2
     * at once, before the launcher logs the failure as a stack trace (and exits 0); nothing was
     * written yet (the run is checked before any stage starts). Halt, not exit: a shutdown hook
     * waiting on this event loop would hang the process instead.
     */
    private static void badConfig(Throwable e) {
        if (e instanceof AugurException && Boolean.getBoolean(EXIT_ON_BAD_CONFIG)) {
            System.err.println("augur node: error: " + e.getMessage());
            System.err.flush();
            Runtime.getRuntime().halt(EXIT_BAD_CONFIG);
        }
        LOG.log(System.Logger.Level.ERROR, "augur node: " + e.getMessage());
    }

    private static Settings fromConfig(io.vertx.core.json.JsonObject config) {
        NodeConfig node = NodeConfig.fromJson(config);
        NodeRunReader.Settings parsed = NodeRunReader.load().read(config, node.has(Role.COORDINATOR)
            || node.has(Role.DATASET) || node.has(Role.SAMPLE));
        check(node, parsed.plan());
        return new Settings(node, parsed.plan(), parsed.llm());
    }

    private Future<?> start(Settings settings) {
        NodeConfig node = settings.node();
        RunPlan plan = settings.plan();
        LlmConfig llm = settings.llm();
        ExampleConstructor backend = null;
        AugurCodec.registerOnce(vertx);
        NodeResources resources = NodeResources.of(vertx);
        // With -instances N the stages are deployed once per node: Vert.x weighs a node by its
        // consumers of an address, and the node's LLM client bounds its prompts anyway; each
        // instance adds a coordinator.
        boolean first = resources.acquire() == 1;
        if (first && givenLlm != null) {
            resources.useLlm(givenLlm);
        }
        if (first && node.has(Role.CONSTRUCT)) {
            try {
                backend = ExampleConstructors.forDevice(plan.device(), line -> LOG.log(System.Logger.Level.INFO, line));
            } catch (RuntimeException e) { // --device cuda without a GPU: one line, nothing thrown
                resources.release(vertx);
                resources.stagesReady().tryFail(e);
                return Future.failedFuture(e);
            }
        }
        if (first && givenNode == null) { // vertx run: SIGTERM drains the node, then it exits 0
            NodeShutdown.installOnce(node.faults().shutdownGraceMs());
        }
        ExampleConstructor chosen = backend;
        Future<Void> stages = first
            ? resources.openCluster(vertx, node.faults(), llm)
                .onSuccess(v -> resources.directory(vertx, node.roles()))
                .compose(v -> deployStages(node, plan, llm, chosen, resources)).onComplete(resources.stagesReady())
            : resources.stagesReady().future();
        return stages.compose(ok -> node.has(Role.COORDINATOR)
                ? vertx.deployVerticle(new CoordinatorVerticle(plan, node, givenObserver)).mapEmpty() : Future.succeededFuture())
            .onSuccess(ok -> LOG.log(givenNode == null ? System.Logger.Level.INFO : System.Logger.Level.DEBUG,
                "augur node ready: roles " + node.roles() + ((node.has(Role.SCORE) || node.has(Role.EXPLAIN))
                    && !resources.hasLlm(llm) ? "; no LLM configured here (llm-base-url, model): it serves the"
                    + " embedding scorer and explanation files, other nodes the LLM work" : "")))
            .onFailure(e -> resources.release(vertx)); // stop() is not called after a failed start
    }

    private Future<Void> deployStages(NodeConfig node, RunPlan plan, LlmConfig llm, ExampleConstructor backend,
                                      NodeResources resources) {
        List<Future<String>> stages = new ArrayList<>();
        deploy(stages, node.has(Role.WRITE), () -> new WriteVerticle(node), true);
        deploy(stages, node.has(Role.DATASET), () -> new DatasetVerticle(plan, node), true);
        deploy(stages, node.has(Role.CONSTRUCT), () -> new ConstructVerticle(node, backend), true);
        deploy(stages, node.has(Role.SAMPLE), () -> new SampleVerticle(plan, node), true);
        deploy(stages, node.has(Role.EXPLAIN), () -> new ExplainVerticle(llm, node), false);
        deploy(stages, node.has(Role.SCORE), () -> new ScoreVerticle(llm, node), false);
        // the caller's own stages (Java API) serve only its coordinator, on this node
        deploy(stages, plan != null && plan.local().any() && node.has(Role.COORDINATOR),
            () -> new LocalStagesVerticle(plan.local(), node, resources.llm(vertx, llm)), true);
        return Future.all(stages).compose(ok -> metricsServer(node, resources));
    }

    @Override
    public Future<?> stop() {
        NodeResources.of(vertx).release(vertx);
        return Future.succeededFuture();
    }

    private void deploy(List<Future<String>> out, boolean wanted, java.util.function.Supplier<io.vertx.core.Deployable> v,
                        boolean worker) {
        if (wanted) {
            out.add(vertx.deployVerticle(v.get(), new DeploymentOptions()
                .setThreadingModel(worker ? ThreadingModel.WORKER : ThreadingModel.EVENT_LOOP)));
        }
    }

    private Future<Void> metricsServer(NodeConfig node, NodeResources resources) {
        if (node.metricsPort() == 0) {
            return Future.succeededFuture();
        }
        Router router = Router.router(vertx);
        router.get("/metrics").handler(PrometheusScrapingHandler.create(resources.metrics().registry()));
        return vertx.createHttpServer().requestHandler(router)
            .listen(node.metricsPort(), node.metricsHost()).mapEmpty();
    }

    /** Roles that need the run's settings or each other, checked before anything starts. */
    private static void check(NodeConfig node, RunPlan plan) {
        if (node.http().port() != 0 && !node.has(Role.COORDINATOR)) {
            throw new AugurException("node.httpPort: the dashboard is served by a coordinator; this node's roles are "
                + node.roles());
        }
        node.http().settings(System.getenv()); // a non-loopback address without a token: refused now
        boolean needsPlan = node.has(Role.COORDINATOR) || node.has(Role.DATASET) || node.has(Role.SAMPLE);
        if (needsPlan && plan == null) {
            throw new AugurException("roles " + node.roles() + " need the run's cache: set \"cache\" "
                + "(and \"tokenizer\") in the config");
        }
        if (node.has(Role.COORDINATOR)) {
            for (Role r : List.of(Role.DATASET, Role.CONSTRUCT, Role.SAMPLE, Role.WRITE)) {
                if (!node.has(r)) {
                    throw new AugurException("node.roles: a coordinator needs the " + r.id()
                        + " role on its node (those stages use the mapped cache and the run folder)");
                }
            }
            if (!plan.explain().clusterWide() && !node.has(Role.EXPLAIN)) {
                throw new AugurException("node.roles: explanations read from files (explainer "
                    + plan.explain().variant().cliName() + ") need the explain role on the coordinator's node");
            }
        }
    }
}
