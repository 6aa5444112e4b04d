package dev.augur.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
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
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntUnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Intruder detection against the fake OpenAI server, on latent 0 of the run fixture (fires on
 * every " the"; 20 test examples, 4 in each of 5 quantiles). The server finds the intruder by
 * its text (the plain text of one of the record's non-activating windows), checks the prompt's
 * structure, and answers the intruder's index, a wrong index or garbage.
 */
class IntruderScorerTest {
    private static final String END = "\n\nWhich example is the intruder?";
    private static final Explanation EXPLANATION = new Explanation("the token \" the\"", true, "file");

    @TempDir
    static Path dir;
    static Vertx vertx;
    static TokenDecoder decoder;
    static Path cache;
    static LatentRecord record12;
    static LatentRecord record7;

    FakeOpenAiServer server;
    OpenAiClient client;
    /** What the server answers, given the intruder's index and the number of examples (-1: garbage). */
    volatile IntUnaryOperator answer;
    volatile LatentRecord current;
    final List<String> problems = Collections.synchronizedList(new ArrayList<>());
    /** Per prompt, keyed by the intruder's plain text: the quantile of its activating examples. */
    final Map<String, Integer> quantileOfPrompt = new ConcurrentHashMap<>();
    /** Per prompt, keyed by the intruder's plain text: whether the server named the intruder. */
    final Map<String, Boolean> named = new ConcurrentHashMap<>();
    final List<String> activatingShown = Collections.synchronizedList(new ArrayList<>());
    final List<Integer> examplesPerPrompt = Collections.synchronizedList(new ArrayList<>());

    @BeforeAll
    static void setUp() throws Exception {
        vertx = Vertx.vertx();
        decoder = TokenDecoder.open(ScoreTestKit.TOKENIZER);
        cache = ScoreTestKit.cache(dir);
        record12 = ScoreTestKit.record(cache, 0, 12);
        record7 = ScoreTestKit.record(cache, 0, 7);
        assertEquals(ScoreTestKit.N_TEST, record12.samples().test().size());
        assertEquals(12, record12.examples().nonActivating().size());
        assertEquals(7, record7.examples().nonActivating().size());
    }

    @AfterAll
    static void tearDown() {
        decoder.close();
        vertx.close().await();
    }

    @BeforeEach
    void startServer() {
        server = FakeOpenAiServer.start(vertx, this::reply).await();
        client = ScoreTestKit.client(vertx, server);
    }

    @org.junit.jupiter.api.AfterEach
    void stopServer() {
        client.close();
        server.close().await();
    }

    private Reply reply(JsonObject request) {
        LatentRecord r = current;
        String user = ScoreTestKit.lastUser(request);
        if (!ScoreTestKit.system(request).contains("[RESPONSE]")) {
            problems.add("system message does not ask for [RESPONSE]");
        }
        if (!user.startsWith("Explanation: " + EXPLANATION.text() + "\n\n")) {
            problems.add("prompt does not start with the explanation: " + user);
        }
        List<String> texts = ScoreTestKit.examples(user, END);
        examplesPerPrompt.add(texts.size());
        Map<String, NonActivatingWindow> nonActivating = new HashMap<>();
        for (NonActivatingWindow n : r.examples().nonActivating()) {
            nonActivating.put(String.join("", decoder.decode(n.tokens())), n);
        }
        Map<String, Integer> correctlyMarked = new HashMap<>();
        for (SampledExample s : r.samples().test()) {
            String[] t = decoder.decode(s.window().tokens());
            correctlyMarked.put(Highlight.marked(t, Highlight.atLeast(s.window().activations(), 0.3)), s.quantile());
        }
        int k = ShownExamples.wrongMarkCount(r.samples().test());
        int intruder = -1;
        String intruderText = null;
        Integer quantile = null;
        for (int i = 0; i < texts.size(); i++) {
            String text = texts.get(i);
            NonActivatingWindow n = nonActivating.get(ScoreTestKit.unmarked(text));
            if (n != null) {
                if (intruder >= 0) {
                    problems.add("two intruders in one prompt");
                }
                intruder = i;
                intruderText = ScoreTestKit.unmarked(text);
                boolean[] marks = ScoreTestKit.recoverMarks(decoder.decode(n.tokens()), text);
                String p = marks == null ? "marks not recoverable"
                    : ScoreTestKit.wrongMarksProblem(n.activations(), marks, k);
                if (p != null) {
                    problems.add("intruder " + text + ": " + p);
                }
                continue;
            }
            Integer q = correctlyMarked.get(text);
            if (q == null) {
                problems.add("example is neither a correctly marked test example nor an intruder: " + text);
            } else if (quantile != null && !quantile.equals(q)) {
                problems.add("quantiles " + quantile + " and " + q + " in one prompt");
            } else {
                quantile = q;
                activatingShown.add(text);
            }
        }
        if (intruder < 0) {
            problems.add("no intruder in " + user);
            return Reply.text("[RESPONSE]: 0");
        }
        quantileOfPrompt.put(intruderText, quantile == null ? -1 : quantile);
        int said = answer.applyAsInt(intruder * 100 + texts.size());
        named.put(intruderText, said == intruder);
        return Reply.text(said < 0 ? "I cannot tell which one." : "Let me look.\n[RESPONSE]: " + said);
    }

    private List<ScoreSample> score(LatentRecord r, int nShown) throws Exception {
        current = r;
        ScorerSettings settings = new ScorerSettings(nShown, false, ScorerSettings.FuzzType.DEFAULT, 100, 0.0, 22);
        Scorer scorer = Scorers.create(ScorerKind.INTRUDER, client, settings);
        assertEquals("intruder", scorer.name());
        return scorer.score(new ScoreInput(r, EXPLANATION, decoder)).await();
    }

    private static String plain(ScoreSample s) {
        return String.join("", s.strTokens());
    }

    private void assertStructure(LatentRecord r, List<ScoreSample> out, List<Integer> quantiles, int nShown) {
        assertEquals(List.of(), problems);
        assertEquals(quantiles.size(), out.size(), "one sample per prompt");
        assertEquals(quantiles.size(), server.requests().size());
        List<Double> distances = out.stream().map(ScoreSample::distance).toList();
        assertEquals(quantiles.stream().map(Integer::doubleValue).toList(), distances, "quantiles in turn");
        for (int j = 0; j < out.size(); j++) {
            ScoreSample s = out.get(j);
            // prompt j's intruder is the j-th non-activating window, in order
            NonActivatingWindow n = r.examples().nonActivating().get(j);
            assertEquals(List.of(decoder.decode(n.tokens())), s.strTokens());
            assertTrue(s.activating());
            assertEquals(quantiles.get(j), quantileOfPrompt.get(plain(s)), "its prompt showed quantile " + quantiles.get(j));
        }
        for (int size : examplesPerPrompt) {
            assertEquals(nShown, size, "n - 1 activating examples + 1 intruder");
        }
    }

    @Test
    void eachPromptHoldsOneQuantileAndOneIntruderAndTheRightIndexIsCorrect() throws Exception {
        answer = code -> code / 100; // the intruder's index
        List<ScoreSample> out = score(record12, 5);
        // 4 examples per quantile, 4 per prompt: one prompt per quantile; 5 of the 12 intruders used
        assertStructure(record12, out, List.of(0, 1, 2, 3, 4), 5);
        List<String> expected = new ArrayList<>();
        for (SampledExample s : record12.samples().test()) {
            expected.add(Highlight.marked(decoder.decode(s.window().tokens()),
                Highlight.atLeast(s.window().activations(), 0.3)));
        }
        List<String> shown = new ArrayList<>(activatingShown);
        Collections.sort(expected);
        Collections.sort(shown);
        assertEquals(expected, shown, "every test example shown once, correctly marked");
        for (ScoreSample s : out) {
            assertEquals(Boolean.TRUE, s.prediction());
            assertEquals(Boolean.TRUE, s.correct());
            assertNull(s.probability());
        }
    }

    @Test
    void aWrongIndexIsAMiss() throws Exception {
        answer = code -> (code / 100 + 1) % (code % 100);
        List<ScoreSample> out = score(record12, 5);
        assertStructure(record12, out, List.of(0, 1, 2, 3, 4), 5);
        for (ScoreSample s : out) {
            assertEquals(Boolean.FALSE, s.prediction());
            assertEquals(Boolean.FALSE, s.correct());
        }
    }

    @Test
    void garbageIsAFailureNotACrash() throws Exception {
        answer = code -> -1;
        List<ScoreSample> out = score(record12, 5);
        assertStructure(record12, out, List.of(0, 1, 2, 3, 4), 5);
        for (ScoreSample s : out) {
            assertNull(s.prediction());
            assertNull(s.correct());
        }
    }

    @Test
    void eachPredictionBelongsToItsOwnPrompt() throws Exception {
        // right for intruders shown at an even index, wrong otherwise
        answer = code -> (code / 100) % 2 == 0 ? code / 100 : (code / 100 + 1) % (code % 100);
        List<ScoreSample> out = score(record12, 5);
        assertStructure(record12, out, List.of(0, 1, 2, 3, 4), 5);
        for (ScoreSample s : out) {
            assertEquals(named.get(plain(s)), s.prediction(), plain(s));
        }
    }

    @Test
    void quantilesTakenInTurnUntilTheIntrudersRunOut() throws Exception {
        answer = code -> code / 100;
        // 2 activating per prompt: two rounds over the 5 quantiles would need 10 intruders; 7 exist
        List<ScoreSample> out = score(record7, 3);
        assertStructure(record7, out, List.of(0, 1, 2, 3, 4, 0, 1), 3);
        assertEquals(14, activatingShown.size());
        assertEquals(14, new java.util.HashSet<>(activatingShown).size(), "no test example shown twice");
    }

    /**
     * A request that fails after its retries fails the latent's scoring (no score file is then
     * written, and a rerun asks again); only unparsable answers become null predictions.
     */
    @Test
    void aFailedRequestFailsTheLatent() throws Exception {
        current = record12;
        server.close().await();
        server = FakeOpenAiServer.start(vertx, req -> Reply.status(500, "down")).await();
        client.close();
        client = ScoreTestKit.client(vertx, server);
        Exception e = org.junit.jupiter.api.Assertions.assertThrows(Exception.class, () -> score(record12, 5));
        Throwable cause = e;
        while (cause != null && !(cause instanceof dev.augur.llm.LlmException)) {
            cause = cause.getCause();
        }
        assertTrue(cause != null || e instanceof dev.augur.llm.LlmException, e.toString());
    }
}
