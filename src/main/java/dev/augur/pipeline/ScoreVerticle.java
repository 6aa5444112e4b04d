package dev.augur.pipeline;

import dev.augur.explain.Explanation;
import dev.augur.llm.LlmClient;
import dev.augur.llm.LlmConfig;
import dev.augur.score.ScoreInput;
import dev.augur.score.Scorer;
import dev.augur.score.ScorerKind;
import dev.augur.score.ScorerSettings;
import dev.augur.score.Scorers;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Score stage (cluster-wide): one scorer on one latent, with the settings the request carries,
 * so a score node serves any run; one address per scorer, listened to only for the scorers
 * this node can run. LLM prompts share the node's client.
 */
final class ScoreVerticle extends VerticleBase {
    private record Key(ScorerKind kind, ScorerSettings settings) {
    }

    private final LlmConfig llm;
    private final NodeConfig node;
    private final Map<Key, Scorer> scorers = new ConcurrentHashMap<>();

    ScoreVerticle(LlmConfig llm, NodeConfig node) {
        this.llm = llm;
        this.node = node;
    }

    @Override
    public Future<?> start() {
        NodeResources resources = NodeResources.of(vertx);
        PipelineMetrics metrics = resources.metrics();
        // Only the scorers this node can run get a consumer: a node without an LLM serves the
        // embedding scorer alone, and LLM prompts go to the nodes that have one.
        boolean hasLlm = resources.hasLlm(llm);
        List<Future<Void>> consumers = new ArrayList<>();
        for (ScorerKind kind : ScorerKind.values()) {
            if (!kind.usesLlm() || hasLlm) {
                consumers.add(Stages.serve(vertx, Addresses.score(kind), true, node.stageQueue(), metrics,
                    (m, held) -> score(resources, metrics, (PipelineMessage.Score) m, held)));
            }
        }
        return Future.all(consumers);
    }

    private Future<PipelineMessage.Scored> score(NodeResources resources, PipelineMetrics metrics,
                                                 PipelineMessage.Score s, HeldRequests.Held held) {
        // LLM scorers are a few fields: one per request, whose prompts extend its deadline. The
        // embedding scorer holds a model and sends no prompt: one per settings.
        UsageTally usage = new UsageTally();
        Scorer scorer = s.scorer().usesLlm()
            ? Scorers.create(s.scorer(), usage.watching(held.tallying(metrics.counting(resources.llm(vertx, llm),
                s.scorer().folder()))), s.settings())
            : scorers.computeIfAbsent(new Key(s.scorer(), s.settings()), k -> Scorers.create(k.kind(), null, k.settings()));
        WireRecord.Rebuilt r = s.record().rebuild();
        return scorer.score(new ScoreInput(r.record(), new Explanation(s.explanation(),
            s.explanationParsed(), "request"), r.decoder())).map(samples -> new PipelineMessage.Scored(samples, usage.usage()));
    }
}
