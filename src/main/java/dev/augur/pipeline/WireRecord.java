package dev.augur.pipeline;

import dev.augur.cache.LatentActivations;
import dev.augur.cache.Tensor;
import dev.augur.cache.TokenCorpus;
import dev.augur.construct.ExampleWindow;
import dev.augur.construct.LatentExamples;
import dev.augur.construct.NonActivatingWindow;
import dev.augur.record.LatentRecord;
import dev.augur.sample.SampledExample;
import dev.augur.sample.Samples;
import dev.augur.tokenizer.TokenDecoder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A latent record as it crosses the cluster: only what explainers and scorers read (the train,
 * test and non-activating windows with their tokens, activations and tags) plus the text of
 * each distinct token id, so an explain or score node needs neither the cache nor the
 * tokenizer. A few tens of KB per latent; the split tensors and the corpus never travel.
 */
public record WireRecord(String module, int latent, int nActivations, double perTokenFrequency,
                         double perContextFrequency, String note, int[] vocabIds,
                         String[] vocabTexts, List<Window> train, List<Window> test,
                         List<Window> nonActivating) {
    /** One window: token ids, dense activations and the tags of its kind. */
    public record Window(int[] tokens, float[] activations, float maxActivation, int quantile,
                         int[] normalized, float distance) {
    }

    /** A record with decoder and rebuilt record views, ready for an explainer or a scorer. */
    public record Rebuilt(LatentRecord record, TokenDecoder decoder) {
    }

    public static WireRecord of(LatentRecord r, TokenDecoder decoder) {
        Map<Integer, String> vocab = new TreeMap<>();
        List<Window> train = sampled(r.samples().train(), decoder, vocab);
        List<Window> test = sampled(r.samples().test(), decoder, vocab);
        List<Window> non = new ArrayList<>();
        for (NonActivatingWindow n : r.examples().nonActivating()) {
            int[] t = n.tokens();
            remember(t, decoder, vocab);
            non.add(new Window(t, n.activations(), 0f, -1, null, n.distance()));
        }
        int[] ids = vocab.keySet().stream().mapToInt(Integer::intValue).toArray();
        LatentExamples ex = r.examples();
        return new WireRecord(ex.module(), ex.latent(), ex.nActivations(), ex.perTokenFrequency(),
            ex.perContextFrequency(), ex.note(), ids, vocab.values().toArray(String[]::new),
            train, test, non);
    }

    private static List<Window> sampled(List<SampledExample> list, TokenDecoder decoder,
                                        Map<Integer, String> vocab) {
        List<Window> out = new ArrayList<>(list.size());
        for (SampledExample s : list) {
            int[] t = s.window().tokens();
            remember(t, decoder, vocab);
            out.add(new Window(t, s.window().activations(), s.window().maxActivation(),
                s.quantile(), s.normalized(), 0f));
        }
        return out;
    }

    private static void remember(int[] tokens, TokenDecoder decoder, Map<Integer, String> vocab) {
        for (int t : tokens) {
            vocab.computeIfAbsent(t, decoder::decode);
        }
    }

    /** Checks what a decoder cannot check for itself; null when well formed, else the problem. */
    public String problem() {
        if (module == null || vocabIds == null || vocabTexts == null || train == null
            || test == null || nonActivating == null) {
            return "a required field is missing";
        }
        if (vocabIds.length != vocabTexts.length) {
            return vocabIds.length + " token ids but " + vocabTexts.length + " token texts";
        }
        java.util.Set<Integer> known = new java.util.HashSet<>();
        for (int id : vocabIds) {
            known.add(id);
        }
        for (List<Window> list : List.of(train, test, nonActivating)) {
            for (Window w : list) {
                if (w.tokens() == null || w.activations() == null || w.tokens().length != w.activations().length) {
                    return "a window's tokens and activations differ in length";
                }
                for (int t : w.tokens()) {
                    if (!known.contains(t)) {
                        return "token id " + t + " has no text in the record";
                    }
                }
            }
        }
        return null;
    }

    /** The record's views over a small in-memory corpus holding just these windows. */
    public Rebuilt rebuild() {
        List<Window> all = new ArrayList<>(train);
        all.addAll(test);
        all.addAll(nonActivating);
        int total = all.stream().mapToInt(w -> w.tokens().length).sum();
        int[] tokens = new int[total];
        int at = 0;
        for (Window w : all) {
            System.arraycopy(w.tokens(), 0, tokens, at, w.tokens().length);
            at += w.tokens().length;
        }
        TokenCorpus corpus = new TokenCorpus(Tensor.ofInts("tokens", tokens, 1, Math.max(1, total)));
        int[] offset = {0};
        List<SampledExample> tr = train.stream().map(w -> sampledView(corpus, w, offset)).toList();
        List<SampledExample> te = test.stream().map(w -> sampledView(corpus, w, offset)).toList();
        List<NonActivatingWindow> non = new ArrayList<>();
        for (Window w : nonActivating) {
            int start = offset[0];
            offset[0] += w.tokens().length;
            non.add(new NonActivatingWindow(corpus, start, w.tokens().length,
                LatentActivations.fromDense(start, w.activations()), w.distance()));
        }
        List<ExampleWindow> examples = new ArrayList<>();
        tr.forEach(s -> examples.add(s.window()));
        te.forEach(s -> examples.add(s.window()));
        LatentExamples ex = new LatentExamples(module, latent, nActivations, perTokenFrequency,
            perContextFrequency, examples, non, null, note);
        return new Rebuilt(new LatentRecord(ex, new Samples(tr, te)),
            TokenDecoder.ofTable(vocabIds, vocabTexts));
    }

    private static SampledExample sampledView(TokenCorpus corpus, Window w, int[] offset) {
        int start = offset[0];
        offset[0] += w.tokens().length;
        return new SampledExample(ExampleWindow.dense(corpus, start, w.activations(), w.maxActivation()),
            w.quantile(), w.normalized());
    }
}
