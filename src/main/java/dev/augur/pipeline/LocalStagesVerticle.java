package dev.augur.pipeline;

import dev.augur.config.LocalStages;
import dev.augur.explain.Explanation;
import dev.augur.llm.LlmClient;
import dev.augur.score.ScoreInput;
import dev.augur.score.Scorer;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The caller's own explainer and scorers ({@link LocalStages}, the Java API) on node-local
 * addresses. A worker: user code may block. Each scorer is made once, from the node's LLM
 * client, counted in the metrics under its own name.
 */
final class LocalStagesVerticle extends VerticleBase {
    private final LocalStages stages;
    private final NodeConfig node;
    private final LlmClient llm;

    /** @param llm the node's LLM client, or null without one */
    LocalStagesVerticle(LocalStages stages, NodeConfig node, LlmClient llm) {
        this.stages = stages;
        this.node = node;
        this.llm = llm;
    }

    @Override
    public Future<?> start() {
        PipelineMetrics metrics = NodeResources.of(vertx).metrics();
        List<Future<Void>> consumers = new ArrayList<>();
        if (stages.explainer() != null) {
            consumers.add(Stages.serve(vertx, Addresses.EXPLAIN_LOCAL, false, node.stageQueue(), metrics, (m, held) -> {
                WireRecord.Rebuilt r = ((PipelineMessage.Explain) m).record().rebuild();
                return stages.explainer().explain(r.record(), r.decoder())
                    .map(ex -> new PipelineMessage.Explained(ex.text(), ex.parsed(), ex.source()));
            }));
        }
        Map<String, Scorer> scorers = new LinkedHashMap<>();
        for (LocalStages.LocalScorer s : stages.scorers()) {
            scorers.put(s.name(), s.create().apply(llm == null ? null : metrics.counting(llm, s.name())));
            consumers.add(Stages.serve(vertx, Addresses.localScore(s.name()), false, node.stageQueue(), metrics,
                (m, held) -> {
                    PipelineMessage.ScoreLocal req = (PipelineMessage.ScoreLocal) m;
                    WireRecord.Rebuilt r = req.record().rebuild();
                    return scorers.get(req.scorer()).score(new ScoreInput(r.record(), new Explanation(
                        req.explanation(), req.explanationParsed(), "request"), r.decoder()))
                        .map(PipelineMessage.Scored::new);
                }));
        }
        return Future.all(consumers);
    }
}
