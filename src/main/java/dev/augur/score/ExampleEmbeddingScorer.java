package dev.augur.score;

import dev.augur.embed.SentenceEmbedder;
import dev.augur.metrics.ScoreSample;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * delphi's explanation-free example-embedding scorer (SPEC 7): a scored example's score is its
 * mean cosine similarity to the latent's activating train examples minus its mean similarity
 * to non-activating examples ({@link ExampleBatches}), written as its probability with no
 * prediction. Over a latent's activating samples its mean is delphi's delta_plus, over the
 * non-activating ones delta_minus; the AUC of the two groups is the headline. The explanation
 * is not used. Embedding runs on the embedding scorer's threads, never on an event loop.
 */
public final class ExampleEmbeddingScorer implements Scorer {
    private final Supplier<? extends SentenceEmbedder> embedder;
    private final long seed;

    /** @param embedder obtained on first use, on the scoring threads (loading MiniLM takes a second) */
    public ExampleEmbeddingScorer(Supplier<? extends SentenceEmbedder> embedder, long seed) {
        this.embedder = embedder;
        this.seed = seed;
    }

    @Override
    public String name() {
        return ScorerKind.EXAMPLE_EMBEDDING.folder();
    }

    @Override
    public Future<List<ScoreSample>> score(ScoreInput in) {
        List<ExampleBatches.Batch> batches = ExampleBatches.of(in, seed);
        return Future.fromCompletionStage(CompletableFuture.supplyAsync(() -> scores(batches),
            EmbeddingScorer.WORKERS));
    }

    private List<ScoreSample> scores(List<ExampleBatches.Batch> batches) {
        Map<String, float[]> vectors = embedAll(batches);
        List<ScoreSample> out = new ArrayList<>(batches.size());
        for (ExampleBatches.Batch b : batches) {
            float[] q = vectors.get(b.query().text());
            double score = meanSimilarity(q, b.positives(), vectors) - meanSimilarity(q, b.negatives(), vectors);
            out.add(b.query().toSample(null, score));
        }
        return out;
    }

    /** Every distinct text once: references recur across batches. */
    private Map<String, float[]> embedAll(List<ExampleBatches.Batch> batches) {
        Set<String> texts = new LinkedHashSet<>();
        for (ExampleBatches.Batch b : batches) {
            texts.add(b.query().text());
            texts.addAll(b.positives());
            texts.addAll(b.negatives());
        }
        List<String> list = List.copyOf(texts);
        List<float[]> embedded = list.isEmpty() ? List.of() : embedder.get().embed(list);
        Map<String, float[]> out = new HashMap<>();
        for (int i = 0; i < list.size(); i++) {
            out.put(list.get(i), embedded.get(i));
        }
        return out;
    }

    private static double meanSimilarity(float[] q, List<String> texts, Map<String, float[]> vectors) {
        double sum = 0;
        for (String t : texts) {
            sum += SentenceEmbedder.cosine(q, vectors.get(t));
        }
        return sum / texts.size();
    }
}
