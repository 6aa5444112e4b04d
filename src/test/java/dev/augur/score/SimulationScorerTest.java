package dev.augur.score;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augur.construct.NonActivatingWindow;
import dev.augur.explain.Explanation;
import dev.augur.llm.OpenAiClient;
import dev.augur.metrics.ScoreSample;
import dev.augur.metrics.SimulationCorrelation;
import dev.augur.record.LatentRecord;
import dev.augur.sample.SampledExample;
import dev.augur.testing.FakeOpenAiServer;
import dev.augur.testing.FakeOpenAiServer.Reply;
import dev.augur.tokenizer.TokenDecoder;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Simulation against the fake OpenAI server: the server reads the {@code <index>\t<token>} lines
 * of the prompt and predicts 10 for " the" and 0 otherwise, which is what latent 0 does.
 */
class SimulationScorerTest {
    private static final Pattern TOKEN_LINE = Pattern.compile("(?m)^(\\d+)\\t(.*)$");
    private static final Explanation EXPLANATION = new Explanation("the token \" the\"", true, "file");

    @TempDir
    static Path dir;
    static Vertx vertx;
    static TokenDecoder decoder;
    static LatentRecord record;

    @BeforeAll
    static void setUp() throws Exception {
        vertx = Vertx.vertx();
        decoder = TokenDecoder.open(ScoreTestKit.TOKENIZER);
        record = ScoreTestKit.record(ScoreTestKit.cache(dir), 0, 12);
    }

    @AfterAll
    static void tearDown() {
        decoder.close();
        vertx.close().await();
    }

    /** Answers "i\t10" for the tokens equal to " the", "i\t0" for the others. */
    static Reply theDetector(JsonObject request) {
        StringBuilder out = new StringBuilder();
        Matcher m = TOKEN_LINE.matcher(ScoreTestKit.lastUser(request));
        while (m.find()) {
            out.append(m.group(1)).append('\t').append(m.group(2).equals(ScoreTestKit.THE) ? 10 : 0).append('\n');
        }
        return Reply.text(out.toString());
    }

    private List<ScoreSample> score(Function<JsonObject, Reply> answer, List<JsonObject> requests) {
        FakeOpenAiServer server = FakeOpenAiServer.start(vertx, answer).await();
        OpenAiClient client = ScoreTestKit.client(vertx, server);
        try {
            ScorerSettings settings = new ScorerSettings(5, false, ScorerSettings.FuzzType.DEFAULT, 10, 0.0, 22);
            Scorer scorer = Scorers.create(ScorerKind.SIMULATION, client, settings);
            assertEquals("simulation", scorer.name());
            List<ScoreSample> out = scorer.score(new ScoreInput(record, EXPLANATION, decoder)).await();
            requests.addAll(server.requests());
            return out;
        } finally {
            client.close();
            server.close().await();
        }
    }

    @Test
    void predictsEveryTokenOfEveryTestAndNonActivatingExample() {
        List<JsonObject> requests = new ArrayList<>();
        List<ScoreSample> out = score(SimulationScorerTest::theDetector, requests);
        List<SampledExample> test = record.samples().test();
        List<NonActivatingWindow> non = record.examples().nonActivating();
        assertEquals(20, test.size());
        assertEquals(12, non.size());
        assertEquals(32, out.size(), "one sample per test and non-activating example");
        assertEquals(32, requests.size(), "one prompt per example");
        for (JsonObject r : requests) {
            String user = ScoreTestKit.lastUser(r);
            assertTrue(user.startsWith("Explanation: " + EXPLANATION.text() + "\n"), user);
            Matcher m = TOKEN_LINE.matcher(user);
            int n = 0;
            while (m.find()) {
                assertEquals(n++, Integer.parseInt(m.group(1)));
            }
            assertEquals(ScoreTestKit.C, n, "one line per token");
            assertEquals(48, r.getInteger("max_tokens"), "max(10, 6 per token)");
        }
        for (int i = 0; i < out.size(); i++) {
            ScoreSample s = out.get(i);
            boolean activating = i < test.size();
            int[] ids = activating ? test.get(i).window().tokens() : non.get(i - test.size()).tokens();
            float[] acts = activating ? test.get(i).window().activations() : non.get(i - test.size()).activations();
            assertEquals(List.of(decoder.decode(ids)), s.strTokens());
            assertArrayEquals(acts, s.activations());
            assertEquals(activating, s.activating());
            assertEquals(activating ? test.get(i).quantile() : -1.0, s.distance());
            float[] expected = new float[ids.length];
            boolean any = false;
            for (int t = 0; t < ids.length; t++) {
                if (ids[t] == 6) {
                    expected[t] = 10;
                    any = true;
                }
            }
            assertArrayEquals(expected, s.simulated(), "sample " + i);
            assertEquals(activating, any, "latent 0 fires on every \" the\"");
            assertEquals(any, s.prediction());
            assertEquals(Boolean.TRUE, s.correct());
            assertEquals(any ? 1.0 : 0.0, s.probability());
        }
        Double r = SimulationCorrelation.of(out);
        assertTrue(r != null && r > 0.5 && r <= 1.0, "correlation " + r);
    }

    @Test
    void garbageGivesNullPredictionsAndNoSimulation() {
        List<ScoreSample> out = score(req -> Reply.text("I'd rather not."), new ArrayList<>());
        assertEquals(32, out.size());
        for (ScoreSample s : out) {
            assertNull(s.prediction());
            assertNull(s.probability());
            assertNull(s.correct());
            assertNull(s.simulated());
        }
        assertNull(SimulationCorrelation.of(out));
    }

    @Test
    void correlationIsPearsonOverAllTokensHandComputed() {
        // activating: normalized against the file's max 2 -> [0, 5, 10]; non-activating counts as 0
        ScoreSample a = new ScoreSample(List.of("a", "b", "c"), new float[] {0, 1, 2}, 0, true, true, 1.0, true)
            .withSimulated(new float[] {0, 10, 10});
        ScoreSample n = new ScoreSample(List.of("d", "e"), new float[] {3, 0}, -2, false, true, 0.5, false)
            .withSimulated(new float[] {5, 0});
        ScoreSample failed = new ScoreSample(List.of("f"), new float[] {1}, 1, true, null, null, null);
        // x = [0,10,10,5,0], y = [0,5,10,0,0]: mean 5 and 3; sum dx dy = 75, sum dx^2 = 100,
        // sum dy^2 = 80 -> r = 75 / sqrt(8000) = 15 / (8 sqrt 5)
        assertEquals(15 / (8 * Math.sqrt(5)), SimulationCorrelation.of(List.of(a, n, failed)), 1e-12);
        assertEquals(0.8385254915624212, SimulationCorrelation.of(List.of(failed, n, a)), 1e-12);
        // a constant side has no correlation
        ScoreSample flat = new ScoreSample(List.of("a", "b"), new float[] {1, 2}, 0, true, true, 1.0, true)
            .withSimulated(new float[] {3, 3});
        assertNull(SimulationCorrelation.of(List.of(flat)));
    }

    @Test
    void parseReadsIndexedLinesAndClamps() {
        assertArrayEquals(new float[] {3, 0, 7}, SimulationScorer.parse("0\t3\n2: 7\n9\t5", 3));
        assertArrayEquals(new float[] {0, 10}, SimulationScorer.parse("1\t15", 2));
        assertArrayEquals(new float[] {2.5f, 4}, SimulationScorer.parse("0\t the\t2.5\n1 | cat | 4", 2));
        assertNull(SimulationScorer.parse("no numbers here", 2));
        assertNull(SimulationScorer.parse(null, 2));
        assertNull(SimulationScorer.parse("7\t3", 2), "only out-of-range lines");
    }

    @Test
    void aLineWithoutAValueDoesNotTakeTheNextLinesValue() {
        // "3\t" has no value: token 3 stays 0 and token 4 gets its 7
        assertArrayEquals(new float[] {0, 0, 0, 0, 7}, SimulationScorer.parse("3\t\n4\t7", 5));
        assertArrayEquals(new float[] {0, 0, 0, 0, 7}, SimulationScorer.parse("3:\n\n4: 7", 5));
        assertArrayEquals(new float[] {3, 4}, SimulationScorer.parse("0\t3\r\n1\t4\r\n", 2), "CRLF lines");
    }

    @Test
    void oneOverlongIndexDoesNotLoseTheWholeAnswer() {
        assertArrayEquals(new float[] {4, 0}, SimulationScorer.parse("0\t4\n99999999999\t5", 2));
    }
}
