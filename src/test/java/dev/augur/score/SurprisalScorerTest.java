package dev.augur.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augur.explain.Explanation;
import dev.augur.llm.LlmException;
import dev.augur.llm.OpenAiClient;
import dev.augur.llm.PromptToken;
import dev.augur.metrics.Auc;
import dev.augur.metrics.LatentMetrics;
import dev.augur.metrics.LatentName;
import dev.augur.metrics.ScoreSample;
import dev.augur.prompt.PromptTemplate;
import dev.augur.prompt.PromptTemplates;
import dev.augur.record.LatentRecord;
import dev.augur.testing.FakeOpenAiServer;
import dev.augur.testing.FakeOpenAiServer.Reply;
import dev.augur.tokenizer.TokenDecoder;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The surprisal scorer: the loss over an example's own tokens on hand-built echoes, then the
 * whole scorer against the fake server's completions endpoint on latent 0 of the run fixture
 * (fires on every " the"; 20 test examples, 8 non-activating), with log-probabilities the test
 * sets: after the explained prefix a " the" token costs 0.5 nats and every other token 2; after
 * the baseline prefix every token costs 2. So an example of m tokens, k of them " the", scores
 * 2 - (0.5 k + 2 (m - k)) / m = 1.5 k / m (the text " t" "he" of a non-activating example
 * makes a " the" for the server too), and the AUC is the share of activating / non-activating
 * pairs the activating one wins (ties half), counted pair by pair.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SurprisalScorerTest {
    private static final Explanation EXPLANATION = new Explanation("the word the", true, "file");
    private static final ScorerSettings SETTINGS = new ScorerSettings(5, false, ScorerSettings.FuzzType.DEFAULT,
        0, 0.0, 22);

    @TempDir
    static Path dir;
    static Vertx vertx;
    static TokenDecoder decoder;
    static LatentRecord record;

    @BeforeAll
    static void setUp() throws Exception {
        vertx = Vertx.vertx();
        decoder = TokenDecoder.open(ScoreTestKit.TOKENIZER);
        record = ScoreTestKit.record(ScoreTestKit.cache(dir), 0, 8);
    }

    @AfterAll
    static void tearDown() {
        decoder.close();
        vertx.close().await();
    }

    @Test
    void lossIsTheMeanOverTokensThatStartInsideTheExample() {
        // prompt "Ab:\n x yz." with prefix "Ab:\n" (4 code points), example " x yz" (5), then a generated "."
        List<PromptToken> echo = List.of(new PromptToken("Ab", 0, Double.NaN), new PromptToken(":", 2, -7),
            new PromptToken("\n x", 3, -9), // straddles the prefix's end: the prefix's
            new PromptToken(" y", 6, -1.0), new PromptToken("z", 8, -2.0),
            new PromptToken(".", 9, -5)); // generated
        assertEquals(1.5, ExampleLoss.mean(echo, 4, 9), 1e-12);
        assertTrue(Double.isNaN(ExampleLoss.mean(echo, 9, 9)), "no token inside");
        assertTrue(Double.isNaN(ExampleLoss.mean(echo, 0, 9)), "a token without a log-probability");
        // a BOS token echoed in front shifts every offset by its length (vLLM sums the token texts)
        List<PromptToken> withBos = List.of(new PromptToken("<s>", 0, Double.NaN), new PromptToken("Ab", 3, -1),
            new PromptToken(":\n", 5, -7), new PromptToken(" x", 7, -2.0), new PromptToken(".", 9, -5));
        int shift = ExampleLoss.shift(withBos, "Ab:\n x");
        assertEquals(3, shift);
        assertEquals(2.0, ExampleLoss.mean(withBos, 4 + shift, 6 + shift), 1e-12);
        assertEquals(0, ExampleLoss.shift(echo, "Ab:\n x yz"), "no special token in front");
        // offsets count code points: one astral character before the example is one offset step
        String prefix = "\uD83D\uDE00\n";
        assertEquals(2, ExampleLoss.codePoints(prefix));
        assertEquals(3.0, ExampleLoss.mean(List.of(new PromptToken("\uD83D\uDE00", 0, Double.NaN),
            new PromptToken("\n", 1, -8), new PromptToken("a", 2, -3)), 2, 3), 1e-12);
    }

    /** Also with a BOS token echoed in front, its text counted in the offsets. */
    @ParameterizedTest
    @NullSource
    @ValueSource(strings = "<|begin_of_text|>")
    void scoresEachExampleByTheLossTheExplanationSaves(String bos) {
        FakeOpenAiServer server = FakeOpenAiServer.start(vertx,
            r -> Reply.echo(r, SurprisalScorerTest::logprob, bos)).await();
        OpenAiClient client = ScoreTestKit.client(vertx, server);
        try {
            List<ScoreSample> samples = new SurprisalScorer(client, SETTINGS)
                .score(new ScoreInput(record, EXPLANATION, decoder)).await();
            assertEquals(28, samples.size());
            for (ScoreSample s : samples) {
                List<String> tokens = FakeOpenAiServer.fakeTokens(String.join("", s.strTokens()));
                long k = tokens.stream().filter(" the"::equals).count();
                assertEquals(1.5 * k / tokens.size(), s.probability(), 1e-9, "sample " + s.strTokens());
                assertNull(s.prediction());
                assertNull(s.correct());
            }
            assertEquals(20, samples.stream().filter(ScoreSample::activating).count());
            assertEquals(pairwiseAuc(samples), Auc.of(samples), 1e-12);
            assertTrue(Auc.of(samples) > 0.5, "the explanation helps the activating examples: " + Auc.of(samples));
            LatentMetrics m = LatentMetrics.of(new LatentName("m", 0), samples);
            assertTrue(m.scoreOnly());

            // 6 requests of at most 5 examples, each prompt twice (explained, then baseline), echoed
            List<JsonObject> requests = server.requests();
            assertEquals(6, requests.size());
            assertTrue(server.paths().stream().allMatch("/v1/completions"::equals), server.paths().toString());
            String explained = SurprisalScorer.prefix(PromptTemplates.shipped(), EXPLANATION.text());
            String baseline = SurprisalScorer.prefix(PromptTemplates.shipped(),
                PromptTemplates.shipped().text(PromptTemplate.SURPRISAL_BASELINE));
            for (JsonObject r : requests) {
                assertEquals(true, r.getBoolean("echo"));
                assertEquals(1, r.getInteger("max_tokens"));
                assertEquals(1, r.getInteger("logprobs"));
                assertEquals("test-model", r.getString("model"));
                JsonArray prompts = r.getJsonArray("prompt");
                int n = prompts.size() / 2;
                for (int i = 0; i < n; i++) {
                    String example = prompts.getString(i).substring(explained.length());
                    assertTrue(prompts.getString(i).startsWith(explained));
                    assertEquals(baseline + example, prompts.getString(n + i));
                }
            }
            assertTrue(explained.endsWith("Description: the word the\nExcerpts:\n"), explained);
            assertEquals(6, client.usage().requests());
            assertTrue(client.usage().promptTokens() > 0);
            assertEquals(56, client.usage().completionTokens());
        } finally {
            client.close();
            server.close().await();
        }
    }

    @Test
    void anAnswerWithoutLogprobsIsACountedFailureNotACrash() {
        Function<JsonObject, Reply> noLogprobs = r -> Reply.raw(new JsonObject().put("choices", choices(r))
            .encode());
        FakeOpenAiServer server = FakeOpenAiServer.start(vertx, noLogprobs).await();
        OpenAiClient client = ScoreTestKit.client(vertx, server);
        try {
            List<ScoreSample> samples = new SurprisalScorer(client, SETTINGS)
                .score(new ScoreInput(record, EXPLANATION, decoder)).await();
            assertEquals(28, samples.size());
            assertTrue(samples.stream().allMatch(s -> s.probability() == null));
            assertNull(Auc.of(samples));
            assertEquals(6, server.requestCount(), "not retried: the server will never send them");
        } finally {
            client.close();
            server.close().await();
        }
    }

    @Test
    void aBrokenAnswerFailsTheLatentAfterItsRetries() {
        // token_logprobs shorter than tokens: unusable, retried like a 5xx, then the latent fails
        Function<JsonObject, Reply> broken = r -> {
            JsonArray choices = choices(r);
            choices.forEach(c -> ((JsonObject) c).put("logprobs", new JsonObject()
                .put("tokens", new JsonArray().add("a").add("b")).put("token_logprobs", new JsonArray().add(-1))
                .put("text_offset", new JsonArray().add(0).add(1))));
            return Reply.raw(new JsonObject().put("choices", choices).encode());
        };
        FakeOpenAiServer server = FakeOpenAiServer.start(vertx, broken).await();
        OpenAiClient client = ScoreTestKit.client(vertx, server);
        try {
            Throwable e = new SurprisalScorer(client, SETTINGS).score(new ScoreInput(record, EXPLANATION, decoder))
                .map(s -> (Throwable) null).otherwise(t -> t).await();
            assertNotNull(e, "the latent should fail");
            assertInstanceOf(LlmException.class, e);
            assertTrue(e.getMessage().contains("logprobs lists differ in length"), e.getMessage());
            assertTrue(e.getMessage().contains("/v1/completions"), e.getMessage());
        } finally {
            client.close();
            server.close().await();
        }
    }

    private static double pairwiseAuc(List<ScoreSample> samples) {
        double wins = 0;
        int pairs = 0;
        for (ScoreSample a : samples) {
            for (ScoreSample n : samples) {
                if (a.activating() && !n.activating()) {
                    pairs++;
                    wins += a.probability() > n.probability() ? 1 : a.probability().equals(n.probability()) ? 0.5 : 0;
                }
            }
        }
        return wins / pairs;
    }

    /** One choice per prompt of the request, text only (a server that does not echo log-probabilities). */
    private static JsonArray choices(JsonObject request) {
        JsonArray choices = new JsonArray();
        for (int i = 0; i < request.getJsonArray("prompt").size(); i++) {
            choices.add(new JsonObject().put("index", i).put("text", "x").put("logprobs", (Object) null));
        }
        return choices;
    }

    private static double logprob(String prompt, String token) {
        boolean explained = prompt.contains("Description: " + EXPLANATION.text() + "\n");
        return explained && token.equals(" the") ? -0.5 : -2.0;
    }
}
