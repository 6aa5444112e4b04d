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
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Score stage (cluster-wide): one scorer on one latent, any kind, with the settings the
 * request carries, so every score node serves any run. LLM prompts share the node's client.
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
        return Stages.serve(vertx, Addresses.SCORE, true, node.stageQueue(), metrics, m -> {
            PipelineMessage.Score s = (PipelineMessage.Score) m;
            Scorer scorer = scorers.computeIfAbsent(new Key(s.scorer(), s.settings()), k -> {
                LlmClient client = k.kind().usesLlm() ? resources.llm(vertx, llm) : null;
                if (k.kind().usesLlm() && client == null) {
                    throw new IllegalStateException("this node has no LLM configured for the "
                        + k.kind().folder() + " scorer (llm-base-url and model in its config)");
                }
                return Scorers.create(k.kind(), client == null ? null
                    : metrics.counting(client, k.kind().folder()), k.settings());
            });
            WireRecord.Rebuilt r = s.record().rebuild();
            return scorer.score(new ScoreInput(r.record(), new Explanation(s.explanation(),
                s.explanationParsed(), "request"), r.decoder())).map(PipelineMessage.Scored::new);
        });
    }
}
