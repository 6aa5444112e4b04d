package dev.augur.score;

import dev.augur.construct.NonActivatingWindow;
import dev.augur.embed.SentenceEmbedder;
import dev.augur.metrics.ScoreSample;
import dev.augur.sample.SampledExample;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * Embedding scoring (SPEC 7): the query "instruction + explanation" and each sample's text are
 * embedded; a sample's score is their cosine similarity (written as its probability, with no
 * prediction); the latent's metric is the AUC of activating against non-activating samples.
 * No LLM is involved. Embedding is CPU work, done on this scorer's own threads, never on an
 * event loop.
 */
public final class EmbeddingScorer implements Scorer {
    /** Prepended to the explanation, as retrieval-tuned embedding models expect a task. */
    public static final String INSTRUCTION =
        "Retrieve text excerpts in which the following feature appears: ";
    /** Shared with the example-embedding scorer: embedding is CPU work, one pool is enough. */
    static final ExecutorService WORKERS = Executors.newFixedThreadPool(
        Math.max(1, Runtime.getRuntime().availableProcessors()), r -> {
            Thread t = new Thread(r, "augur-embedding");
            t.setDaemon(true);
            return t;
        });

    private final Supplier<? extends SentenceEmbedder> embedder;

    public EmbeddingScorer(SentenceEmbedder embedder) {
        this(() -> embedder);
    }

    /**
     * With the model obtained on first use, on this scorer's threads: loading MiniLM takes about
     * a second, which must not happen on the event loop that creates the scorer.
     */
    public EmbeddingScorer(Supplier<? extends SentenceEmbedder> embedder) {
        this.embedder = embedder;
    }

    @Override
    public String name() {
        return ScorerKind.EMBEDDING.folder();
    }

    @Override
    public Future<List<ScoreSample>> score(ScoreInput in) {
        List<Shown> shown = new ArrayList<>();
        for (NonActivatingWindow n : in.record().examples().nonActivating()) {
            shown.add(ShownExamples.plain(n, in.decoder()));
        }
        for (SampledExample s : in.record().samples().test()) {
            shown.add(ShownExamples.plain(s, in.decoder()));
        }
        String query = INSTRUCTION + in.explanation().text();
        return Future.fromCompletionStage(CompletableFuture.supplyAsync(() -> similarities(query, shown), WORKERS));
    }

    private List<ScoreSample> similarities(String query, List<Shown> shown) {
        List<String> texts = new ArrayList<>(shown.size() + 1);
        texts.add(query);
        shown.forEach(s -> texts.add(s.text()));
        List<float[]> vectors = embedder.get().embed(texts);
        List<ScoreSample> out = new ArrayList<>(shown.size());
        for (int i = 0; i < shown.size(); i++) {
            out.add(shown.get(i).toSample(null, SentenceEmbedder.cosine(vectors.get(0), vectors.get(i + 1))));
        }
        return out;
    }
}
