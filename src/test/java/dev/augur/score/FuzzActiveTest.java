package dev.augur.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augur.construct.NonActivatingWindow;
import dev.augur.explain.Explanation;
import dev.augur.llm.OpenAiClient;
import dev.augur.metrics.ScoreSample;
import dev.augur.record.LatentRecord;
import dev.augur.sample.SampledExample;
import dev.augur.testing.FakeOpenAiServer;
import dev.augur.testing.FakeOpenAiServer.Reply;
import dev.augur.text.Highlight;
import dev.augur.tokenizer.TokenDecoder;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fuzzing against the fake OpenAI server. The server recovers each shown example's marks from
 * its text and answers 1 for an example marked exactly at its tokens >= 0.3 x max, 0 for a valid
 * set of k wrong marks (SPEC 7); anything else fails the prompt. So every prediction is correct
 * exactly when the scorer built its examples by the rules.
 */
class FuzzActiveTest {
    private static final String END = "\n\nAnswer with";
    private static final Explanation EXPLANATION = new Explanation("the token \" the\"", true, "file");

    @TempDir
    static Path dir;
    static Vertx vertx;
    static TokenDecoder decoder;
    static LatentRecord record;
    static int k;
    static final List<String> problems = Collections.synchronizedList(new ArrayList<>());
    static final List<Integer> promptSizes = Collections.synchronizedList(new ArrayList<>());

    @BeforeAll
    static void setUp() throws Exception {
        vertx = Vertx.vertx();
        decoder = TokenDecoder.open(ScoreTestKit.TOKENIZER);
        record = ScoreTestKit.record(ScoreTestKit.cache(dir), 0, 12);
        k = ShownExamples.wrongMarkCount(record.samples().test());
    }

    @AfterAll
    static void tearDown() {
        decoder.close();
        vertx.close().await();
    }

    /** A shown example's tokens and activations, by plain text. */
    private record Source(String[] tokens, float[] acts) {
    }

    private static Map<String, List<Source>> sources() {
        Map<String, List<Source>> out = new HashMap<>();
        for (SampledExample s : record.samples().test()) {
            String[] t = decoder.decode(s.window().tokens());
            out.computeIfAbsent(String.join("", t), x -> new ArrayList<>()).add(new Source(t, s.window().activations()));
        }
        for (NonActivatingWindow n : record.examples().nonActivating()) {
            String[] t = decoder.decode(n.tokens());
            out.computeIfAbsent(String.join("", t), x -> new ArrayList<>()).add(new Source(t, n.activations()));
        }
        return out;
    }

    static Reply judge(JsonObject request) {
        if (!ScoreTestKit.system(request).contains("marked at random")) {
            problems.add("not the fuzzing prompt");
        }
        List<String> texts = ScoreTestKit.examples(ScoreTestKit.lastUser(request), END);
        promptSizes.add(texts.size());
        Map<String, List<Source>> sources = sources();
        List<Integer> answer = new ArrayList<>();
        for (String text : texts) {
            List<Source> candidates = sources.getOrDefault(ScoreTestKit.unmarked(text), List.of());
            Integer verdict = null;
            for (Source src : candidates) {
                boolean[] marks = ScoreTestKit.recoverMarks(src.tokens(), text);
                if (marks == null) {
                    continue;
                }
                if (Arrays.equals(marks, Highlight.atLeast(src.acts(), 0.3)) && Highlight.max(src.acts()) > 0) {
                    verdict = 1;
                } else if (ScoreTestKit.wrongMarksProblem(src.acts(), marks, k) == null) {
                    verdict = 0;
                }
            }
            if (verdict == null) {
                problems.add("badly marked or unknown example: " + text);
                return Reply.text("no idea");
            }
            answer.add(verdict);
        }
        return Reply.text(answer.toString());
    }

    private static List<ScoreSample> score(ScorerSettings.FuzzType type) {
        problems.clear();
        promptSizes.clear();
        FakeOpenAiServer server = FakeOpenAiServer.start(vertx, FuzzActiveTest::judge).await();
        OpenAiClient client = ScoreTestKit.client(vertx, server);
        try {
            ScorerSettings settings = new ScorerSettings(5, false, type, 50, 0.0, 22);
            Scorer scorer = Scorers.create(ScorerKind.FUZZ, client, settings);
            assertEquals("fuzz", scorer.name());
            return scorer.score(new ScoreInput(record, EXPLANATION, decoder)).await();
        } finally {
            client.close();
            server.close().await();
        }
    }

    private static List<String> sortedTexts(List<ScoreSample> samples) {
        List<String> out = new ArrayList<>();
        samples.forEach(s -> out.add(String.join("\u0001", s.strTokens())));
        Collections.sort(out);
        return out;
    }

    @Test
    void activeFuzzShowsEachTestExampleTwiceAndNoNonActivatingWindow() {
        List<ScoreSample> out = score(ScorerSettings.FuzzType.ACTIVE);
        assertEquals(List.of(), problems);
        assertEquals(40, out.size(), "2 x 20 test examples");
        assertEquals(List.of(5, 5, 5, 5, 5, 5, 5, 5), promptSizes);
        List<ScoreSample> pos = out.stream().filter(ScoreSample::activating).toList();
        List<ScoreSample> neg = out.stream().filter(s -> !s.activating()).toList();
        assertEquals(20, pos.size());
        assertEquals(20, neg.size());
        List<ScoreSample> testAsSamples = new ArrayList<>();
        for (SampledExample s : record.samples().test()) {
            testAsSamples.add(new ScoreSample(List.of(decoder.decode(s.window().tokens())), null, 0, true, null, null, null));
        }
        assertEquals(sortedTexts(testAsSamples), sortedTexts(pos));
        assertEquals(sortedTexts(testAsSamples), sortedTexts(neg), "the negatives are the test examples");
        for (ScoreSample s : out) {
            assertTrue(s.strTokens().contains(ScoreTestKit.THE), "no non-activating window: " + s.strTokens());
            assertTrue(Highlight.max(s.activations()) > 0, "negatives keep the true activations");
            assertEquals(Boolean.TRUE, s.correct(), "the server judged the marks: " + s.strTokens());
        }
        for (NonActivatingWindow n : record.examples().nonActivating()) {
            List<String> t = List.of(decoder.decode(n.tokens()));
            assertTrue(out.stream().noneMatch(s -> s.strTokens().equals(t)));
        }
    }

    @Test
    void defaultFuzzUsesTheNonActivatingWindowsWithWrongMarks() {
        List<ScoreSample> out = score(ScorerSettings.FuzzType.DEFAULT);
        assertEquals(List.of(), problems);
        assertEquals(32, out.size(), "20 test + 12 non-activating");
        List<Integer> sizes = new ArrayList<>(promptSizes);
        Collections.sort(sizes);
        assertEquals(List.of(2, 5, 5, 5, 5, 5, 5), sizes, "the last prompt holds the rest");
        List<ScoreSample> neg = out.stream().filter(s -> !s.activating()).toList();
        assertEquals(12, neg.size());
        for (ScoreSample s : neg) {
            assertEquals(-1.0, s.distance());
            assertTrue(!s.strTokens().contains(ScoreTestKit.THE));
        }
        for (ScoreSample s : out) {
            assertEquals(Boolean.TRUE, s.correct());
        }
    }
}
