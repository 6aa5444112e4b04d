package dev.augur.pipeline;

import dev.augur.config.ExplainSpec;
import dev.augur.explain.Explainer;
import dev.augur.explain.Explanation;
import dev.augur.llm.LlmClient;
import dev.augur.llm.LlmConfig;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Explain stage: explains a latent sent as a {@link WireRecord} with the LLM (cluster-wide,
 * on nodes with an LLM), or reads its explanation file (node-local, the coordinator's node).
 */
final class ExplainVerticle extends VerticleBase {
    private final LlmConfig llm;
    private final NodeConfig node;
    private final Map<ExplainSpec, Explainer> explainers = new ConcurrentHashMap<>();

    ExplainVerticle(LlmConfig llm, NodeConfig node) {
        this.llm = llm;
        this.node = node;
    }

    @Override
    public Future<?> start() {
        NodeResources resources = NodeResources.of(vertx);
        PipelineMetrics metrics = resources.metrics();
        // files: for the coordinator on this node; LLM explanations: for any node, when this
        // node has an LLM (else the cluster sends them to nodes that have one)
        Future<Void> files = Stages.serve(vertx, Addresses.EXPLAIN_FILES, false, node.stageQueue(), metrics,
            (m, held) -> explain(resources, metrics, (PipelineMessage.Explain) m, held));
        Future<Void> llmExplain = !resources.hasLlm(llm) ? Future.succeededFuture()
            : Stages.serve(vertx, Addresses.EXPLAIN, true, node.stageQueue(), metrics,
                (m, held) -> explain(resources, metrics, (PipelineMessage.Explain) m, held));
        return Future.all(files, llmExplain);
    }

    private Future<PipelineMessage.Explained> explain(NodeResources resources, PipelineMetrics metrics,
                                                      PipelineMessage.Explain e, HeldRequests.Held held) {
        // An LLM explainer is a few fields: one per request, whose prompt extends its deadline.
        // A file explainer reads its folder's index once: one per settings.
        UsageTally usage = new UsageTally();
        Explainer explainer = e.spec().clusterWide()
            ? e.spec().create(usage.watching(held.tallying(counting(resources, metrics))))
            : explainers.computeIfAbsent(e.spec(), spec -> spec.create(counting(resources, metrics)));
        WireRecord.Rebuilt r = e.record().rebuild();
        // Explanation files are read on a worker; LLM explainers only send a request.
        Future<Explanation> made = e.spec().clusterWide() ? explainer.explain(r.record(), r.decoder())
            : vertx.executeBlocking(() -> explainer.explain(r.record(), r.decoder()), false).compose(f -> f);
        return made.map(ex -> new PipelineMessage.Explained(ex.text(), ex.parsed(), ex.source(), usage.usage()));
    }

    private LlmClient counting(NodeResources resources, PipelineMetrics metrics) {
        LlmClient client = resources.llm(vertx, llm);
        return client == null ? null : metrics.counting(client, "explainer");
    }
}
