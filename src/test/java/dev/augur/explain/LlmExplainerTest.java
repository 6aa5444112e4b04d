package dev.augur.explain;

import dev.augur.testing.ScoringRunFixture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augur.construct.ConstructorConfig;
import dev.augur.construct.NonActivatingSource;
import dev.augur.construct.WindowMode;
import dev.augur.llm.LlmConfig;
import dev.augur.llm.OpenAiClient;
import dev.augur.record.LatentRecord;
import dev.augur.sample.SampledExample;
import dev.augur.sample.Samples;
import dev.augur.sample.SamplerConfig;
import dev.augur.sample.SamplingMode;
import dev.augur.sample.TrainType;
import dev.augur.testing.FakeOpenAiServer;
import dev.augur.testing.FakeOpenAiServer.Reply;
import dev.augur.testing.Records;
import dev.augur.testing.TestTokenizer;
import dev.augur.text.Highlight;
import dev.augur.tokenizer.TokenDecoder;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The LLM explainer against the fake OpenAI server, on latent 0 of the run fixture (10 train examples). */
class LlmExplainerTest {
    @TempDir
    static Path dir;
    static Vertx vertx;
    static TokenDecoder decoder;
    static LatentRecord record;

    @BeforeAll
    static void setUp() throws Exception {
        vertx = Vertx.vertx();
        decoder = TokenDecoder.open(TestTokenizer.BYTE_BPE);
        ConstructorConfig c = new ConstructorConfig(8, 20, 0, 12, WindowMode.ALIGNED, NonActivatingSource.RANDOM, 22);
        SamplerConfig s = new SamplerConfig(TrainType.QUANTILES, 10, 20, 5, 0.2, SamplingMode.DISJOINT, 22);
        record = Records.build(ScoringRunFixture.writeCache(dir), "0", c, s, null).get(0);
        assertEquals(10, record.samples().train().size());
    }

    @AfterAll
    static void tearDown() {
        decoder.close();
        vertx.close().await();
    }

    private record Outcome(Future<Explanation> result, List<JsonObject> requests) {
    }

    private static Outcome explain(ExplainerVariant variant, Function<JsonObject, Reply> answer) {
        return explain(record, variant, answer);
    }

    private static Outcome explain(LatentRecord record, ExplainerVariant variant, Function<JsonObject, Reply> answer) {
        FakeOpenAiServer server = FakeOpenAiServer.start(vertx, answer).await();
        OpenAiClient client = new OpenAiClient(vertx, LlmConfig.of(server.baseUrl(), "m").withRetries(3000, 0, 1, 1),
            Optional.empty(), System::currentTimeMillis, new Random(1));
        try {
            LlmExplainer ex = new LlmExplainer(client, new LlmExplainer.Settings(variant, false, false, 200, 0.0));
            Future<Explanation> f = ex.explain(record, decoder);
            try {
                f.await();
            } catch (RuntimeException ignored) {
                // checked by the caller
            }
            return new Outcome(f, server.requests());
        } finally {
            client.close();
            server.close().await();
        }
    }

    private static String lastUser(JsonObject request) {
        JsonArray m = request.getJsonArray("messages");
        return m.getJsonObject(m.size() - 1).getString("content");
    }

    @Test
    void sendsTheTrainExamplesMarkedAndParsesTheAnswer() {
        Outcome o = explain(ExplainerVariant.DEFAULT, r -> Reply.text("All marked tokens are \" the\".\n[EXPLANATION]: The word \"the\"."));
        assertEquals(new Explanation("The word \"the\".", true, "llm"), o.result().result());
        assertEquals(1, o.requests().size());
        JsonObject req = o.requests().get(0);
        assertEquals(200, req.getInteger("max_tokens"));
        assertEquals(8, req.getJsonArray("messages").size());
        StringBuilder expected = new StringBuilder();
        List<SampledExample> train = record.samples().train();
        for (int i = 0; i < train.size(); i++) {
            String[] t = decoder.decode(train.get(i).window().tokens());
            expected.append("Example ").append(i + 1).append(": ")
                .append(Highlight.marked(t, Highlight.above(train.get(i).window().activations(), 0.3))).append('\n');
        }
        assertEquals(expected.toString().stripTrailing(), lastUser(req));
        assertTrue(lastUser(req).contains("<< the>>"));
    }

    @Test
    void contrastiveSendsCounterExamples() {
        Outcome o = explain(ExplainerVariant.CONTRASTIVE, r -> Reply.text("[EXPLANATION]: x"));
        String user = lastUser(o.requests().get(0));
        assertTrue(user.contains("Counter-example 10: "), "as many counter-examples as train examples");
        assertFalse(user.contains("Counter-example 11: "));
        String first = String.join("", decoder.decode(record.examples().nonActivating().get(0).tokens()));
        assertTrue(user.contains("Counter-example 1: " + first + "\n"));
    }

    @Test
    void anUnparsableAnswerIsCountedNotFatal() {
        Outcome o = explain(ExplainerVariant.DEFAULT, r -> Reply.text("It is about articles."));
        assertEquals(new Explanation(Explanation.UNPARSABLE, false, "llm"), o.result().result());
    }

    @Test
    void aFailedRequestFailsTheFuture() {
        Outcome o = explain(ExplainerVariant.DEFAULT, r -> Reply.status(400, "bad request"));
        assertTrue(o.result().failed());
    }

    @Test
    void aLatentWithoutTrainExamplesIsNeverPrompted() {
        LatentRecord empty = new LatentRecord(record.examples(), new Samples(List.of(), record.samples().test()));
        Outcome o = explain(empty, ExplainerVariant.DEFAULT, r -> Reply.text("[EXPLANATION]: anything"));
        assertTrue(o.result().failed());
        assertTrue(o.result().cause().getMessage().startsWith("no train examples"), o.result().cause().getMessage());
        assertEquals(0, o.requests().size());
        assertThrows(IllegalArgumentException.class, () -> ExplainerPrompt.build(ExplainerVariant.DEFAULT,
            List.of(), List.of(), false, false));
    }
}
