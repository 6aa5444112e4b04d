package dev.augur.score;

import dev.augur.construct.NonActivatingWindow;
import dev.augur.random.Seeds;
import dev.augur.record.LatentRecord;
import dev.augur.sample.SampledExample;
import dev.augur.tokenizer.TokenDecoder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The batches of delphi's example-embedding scorer, one per scored example (SPEC 7). The train
 * examples are the positive references; {@code min(|train|, |non-activating| - 1)} of the
 * non-activating examples, drawn at random, are the negative references, and the rest are
 * scored. Each batch has an anchor test example (the query itself when it is activating, a
 * random test example for a non-activating query, as delphi pairs its two queries): up to 10
 * train examples of the anchor's quantile (all train examples when none has it), up to 10
 * negative references, both drawn at random. Activating texts mark tokens at or above 0.3 of
 * their maximum; non-activating texts get as many wrong marks as the anchor has active tokens,
 * the same marks for the same window and count (delphi reseeds before marking), so each such
 * text is embedded once per latent.
 */
final class ExampleBatches {
    /** delphi compares each query with at most 10 positive and 10 negative examples. */
    static final int REFERENCES = 10;

    /** A query and the texts it is compared with. */
    record Batch(Shown query, List<String> positives, List<String> negatives) {
    }

    private final TokenDecoder decoder;
    private final SplittableRandom rng;
    private final List<SampledExample> test;
    private final List<String> train = new ArrayList<>();
    private final Map<Integer, List<String>> trainByQuantile = new HashMap<>();
    private final List<NonActivatingWindow> nonActivating;
    private final List<Integer> negativeReferences = new ArrayList<>();
    private final List<Integer> negativeQueries = new ArrayList<>();
    private final Map<Long, Shown> marked = new HashMap<>();
    private final long seed;
    private final String module;
    private final int latent;

    private ExampleBatches(ScoreInput in, long seed) {
        LatentRecord r = in.record();
        this.decoder = in.decoder();
        this.seed = seed;
        this.module = r.module();
        this.latent = r.latent();
        this.rng = Seeds.rng(seed, r.module(), r.latent(), ScorerKind.EXAMPLE_EMBEDDING.folder());
        this.test = r.samples().test();
        for (SampledExample s : r.samples().train()) {
            String text = ShownExamples.correctlyMarked(s, decoder).text();
            train.add(text);
            trainByQuantile.computeIfAbsent(s.quantile(), q -> new ArrayList<>()).add(text);
        }
        List<NonActivatingWindow> non = r.examples().nonActivating();
        this.nonActivating = non;
        int nReferences = Math.min(train.size(), non.size() - 1);
        boolean[] reference = new boolean[non.size()];
        if (nReferences > 0) {
            for (int i : Seeds.sampleWithoutReplacement(rng, non.size(), nReferences)) {
                reference[i] = true;
            }
        }
        for (int i = 0; i < non.size(); i++) {
            (reference[i] ? negativeReferences : negativeQueries).add(i);
        }
    }

    /** Test examples first, then the held-out non-activating ones; none without references. */
    static List<Batch> of(ScoreInput in, long seed) {
        return new ExampleBatches(in, seed).batches();
    }

    private List<Batch> batches() {
        if (train.isEmpty() || test.isEmpty() || negativeReferences.isEmpty()) {
            return List.of();
        }
        List<Batch> out = new ArrayList<>(test.size() + negativeQueries.size());
        for (SampledExample q : test) {
            out.add(batch(ShownExamples.correctlyMarked(q, decoder), q));
        }
        for (int n : negativeQueries) {
            SampledExample anchor = test.get(rng.nextInt(test.size()));
            out.add(batch(wronglyMarked(n, activeTokens(anchor)), anchor));
        }
        return out;
    }

    private Batch batch(Shown query, SampledExample anchor) {
        List<String> positives = draw(trainByQuantile.getOrDefault(anchor.quantile(), train));
        int k = activeTokens(anchor);
        List<String> negatives = new ArrayList<>();
        for (int n : draw(negativeReferences)) {
            negatives.add(wronglyMarked(n, k).text());
        }
        return new Batch(query, positives, negatives);
    }

    /** Non-activating example {@code i} with k wrong marks, drawn once per (i, k). */
    private Shown wronglyMarked(int i, int k) {
        return marked.computeIfAbsent(((long) i << 32) | k, key -> ShownExamples.wronglyMarked(
            nonActivating.get(i), decoder, k, Seeds.rng(seed, module, latent, "example_embedding marks " + i + " " + k)));
    }

    private <T> List<T> draw(List<T> from) {
        List<T> out = new ArrayList<>();
        for (int i : Seeds.sampleWithoutReplacement(rng, from.size(), Math.min(REFERENCES, from.size()))) {
            out.add(from.get(i));
        }
        return out;
    }

    private static int activeTokens(SampledExample s) {
        int n = 0;
        for (float v : s.window().activations()) {
            n += v > 0 ? 1 : 0;
        }
        return n;
    }
}
