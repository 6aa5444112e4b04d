package dev.augur.explain;

import dev.augur.random.Seeds;
import dev.augur.record.LatentRecord;
import dev.augur.tokenizer.TokenDecoder;
import io.vertx.core.Future;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Loads explanations from files ({@code --explainer none}), or, as the control every score is
 * compared with, the explanation of another latent chosen at random ({@code --explainer random}).
 */
public final class FileExplainer implements Explainer {
    private final ExplanationStore store;
    private final boolean random;
    private final long seed;
    private volatile List<String> names;

    public FileExplainer(ExplanationStore store, boolean random, long seed) {
        this.store = store;
        this.random = random;
        this.seed = seed;
    }

    @Override
    public Future<Explanation> explain(LatentRecord record, TokenDecoder decoder) {
        try {
            return Future.succeededFuture(random ? borrowed(record) : own(record));
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
    }

    private Explanation own(LatentRecord record) {
        return store.read(record.name()).map(t -> new Explanation(t, true, "file"))
            .orElseThrow(() -> new MissingExplanationException("no explanation file "
                + store.file(record.name())));
    }

    private Explanation borrowed(LatentRecord record) {
        List<String> all = names;
        if (all == null) {
            all = store.names();
            names = all;
        }
        List<String> others = all.stream().filter(n -> !n.equals(record.name())).toList();
        if (others.isEmpty()) {
            throw new MissingExplanationException("no other latent's explanation in "
                + store.dir() + " to use as the random control");
        }
        SplittableRandom rng = Seeds.rng(seed, record.module(), record.latent(), "random-explanation");
        String other = others.get(rng.nextInt(others.size()));
        String text = store.read(other).orElseThrow(() ->
            new MissingExplanationException("explanation of " + other + " disappeared"));
        return new Explanation(text, true, "random:" + other);
    }
}
