package dev.augur.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augur.cache.LatentActivations;
import dev.augur.cache.Tensor;
import dev.augur.cache.TokenCorpus;
import dev.augur.construct.ExampleWindow;
import dev.augur.construct.LatentExamples;
import dev.augur.construct.NonActivatingWindow;
import dev.augur.embed.SentenceEmbedder;
import dev.augur.explain.Explanation;
import dev.augur.metrics.ScoreSample;
import dev.augur.record.LatentRecord;
import dev.augur.sample.SampledExample;
import dev.augur.sample.Samples;
import dev.augur.tokenizer.TokenDecoder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The example-embedding scorer on a hand-built latent, windows of 3 tokens of the test
 * tokenizer (0 = "h", 1 = "e", 11 = "T"), with an embedder that counts letters: a text's vector
 * is (number of h, number of e, number of T), so the << >> marks do not move it. Train:
 * quantile 0 "hhh" (1,0,0), quantile 1 "hee" (1,2,0). Test: quantile 0 "hhT" (2,0,1), quantile
 * 1 "eeT" (0,2,1). Non-activating: three "TTT" (0,0,1): two become the negative references
 * (min(|train| 2, 3 - 1)), one is scored. Every reference set is thus fixed whatever is drawn.
 */
class ExampleEmbeddingScorerTest {
    private static final int H = 0;
    private static final int E = 1;
    private static final int T = 11;
    private static TokenDecoder decoder;

    @BeforeAll
    static void open() {
        decoder = TokenDecoder.open(ScoreTestKit.TOKENIZER);
    }

    @AfterAll
    static void close() {
        decoder.close();
    }

    /** (h, e, T) counts; also remembers how many texts it was asked for. */
    private static final class LetterCounts implements SentenceEmbedder {
        final List<String> seen = new ArrayList<>();

        @Override
        public synchronized List<float[]> embed(List<String> texts) {
            seen.addAll(texts);
            List<float[]> out = new ArrayList<>();
            for (String t : texts) {
                out.add(new float[] {count(t, 'h'), count(t, 'e'), count(t, 'T')});
            }
            return out;
        }

        private static int count(String s, char c) {
            return (int) s.chars().filter(x -> x == c).count();
        }

        @Override
        public String name() {
            return "letter counts";
        }
    }

    private static ScoreInput input() {
        int[][] windows = {{H, H, H}, {H, E, E}, {H, H, T}, {E, E, T}, {T, T, T}, {T, T, T}, {T, T, T}};
        int[] flat = new int[3 * windows.length];
        for (int w = 0; w < windows.length; w++) {
            System.arraycopy(windows[w], 0, flat, 3 * w, 3);
        }
        TokenCorpus corpus = new TokenCorpus(Tensor.ofInts("tokens", flat, windows.length, 3));
        float[] acts = {1f, 0, 0};
        List<ExampleWindow> active = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            active.add(ExampleWindow.dense(corpus, 3L * w, acts, 1f));
        }
        List<NonActivatingWindow> non = new ArrayList<>();
        for (int w = 4; w < 7; w++) {
            non.add(new NonActivatingWindow(corpus, 3L * w, 3, LatentActivations.NONE, -1f));
        }
        LatentExamples ex = new LatentExamples("m", 0, 4, 0.1, 0.5, active, non, null, null);
        Samples samples = new Samples(
            List.of(sampled(active.get(0), 0), sampled(active.get(1), 1)),
            List.of(sampled(active.get(2), 0), sampled(active.get(3), 1)));
        return new ScoreInput(new LatentRecord(ex, samples), new Explanation("unused", true, "test"), decoder);
    }

    private static SampledExample sampled(ExampleWindow w, int quantile) {
        return new SampledExample(w, quantile, new int[] {10, 0, 0});
    }

    @Test
    void scoreIsSimilarityToTrainMinusSimilarityToNonActivating() throws Exception {
        LetterCounts embedder = new LetterCounts();
        List<ScoreSample> s = new ExampleEmbeddingScorer(() -> embedder, 22).score(input())
            .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertEquals(3, s.size(), "two test examples, then the one held-out non-activating");
        double r5 = Math.sqrt(5);
        // "hhT" against q0 train "hhh": 2/sqrt5; against "TTT": 1/sqrt5
        assertEquals(2 / r5 - 1 / r5, s.get(0).probability(), 1e-6);
        // "eeT" against q1 train "hee": 4/5 (not q0's "hhh", which would give 0); against "TTT": 1/sqrt5
        assertEquals(0.8 - 1 / r5, s.get(1).probability(), 1e-6);
        // "TTT" against any train example: 0; against "TTT": 1
        assertEquals(-1.0, s.get(2).probability(), 1e-6);
        assertTrue(s.get(0).activating() && s.get(1).activating() && !s.get(2).activating());
        assertEquals(0.0, s.get(0).distance());
        assertEquals(1.0, s.get(1).distance());
        assertEquals(-1.0, s.get(2).distance());
        s.forEach(x -> {
            assertNull(x.prediction());
            assertNull(x.correct());
        });
        assertEquals(List.of("e", "e", "T"), s.get(1).strTokens());
        // each distinct text embedded once: 2 queries + 2 train + 1 non-activating query and
        // its 2 references, which share letters but differ in their wrong marks at most
        assertTrue(embedder.seen.size() <= 2 + 2 + 3, embedder.seen.toString());
        assertTrue(embedder.seen.contains("<<h>>hh"), embedder.seen.toString());
    }

    @Test
    void tooFewNonActivatingExamplesGiveNoSamples() throws Exception {
        ScoreInput in = input();
        LatentExamples ex = in.record().examples();
        LatentExamples one = new LatentExamples("m", 0, 4, 0.1, 0.5, ex.examples(),
            ex.nonActivating().subList(0, 1), null, null);
        ScoreInput few = new ScoreInput(new LatentRecord(one, in.record().samples()), in.explanation(), decoder);
        List<ScoreSample> s = new ExampleEmbeddingScorer(LetterCounts::new, 22).score(few)
            .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertTrue(s.isEmpty(), "one non-activating example cannot be both reference and query");
    }
}
