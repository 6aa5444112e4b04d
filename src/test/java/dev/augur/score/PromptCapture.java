package dev.augur.score;

import dev.augur.construct.ConstructorConfig;
import dev.augur.construct.NonActivatingSource;
import dev.augur.construct.WindowMode;
import dev.augur.explain.Explanation;
import dev.augur.explain.ExplainerVariant;
import dev.augur.explain.LlmExplainer;
import dev.augur.llm.OpenAiClient;
import dev.augur.record.LatentRecord;
import dev.augur.sample.SamplerConfig;
import dev.augur.sample.SamplingMode;
import dev.augur.sample.TrainType;
import dev.augur.testing.FakeOpenAiServer;
import dev.augur.testing.Records;
import dev.augur.tokenizer.TokenDecoder;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Sends every prompt Augur has for one fixed record of the shipped demo cache (latent 2, "the
 * word the", 8-token windows) to the fake OpenAI server and returns the messages received, per
 * stage: the explainer in four variant/option combinations and each LLM scorer.
 */
final class PromptCapture {
    static final Path DEMO = Path.of("src/main/resources/dev/augur/demo");
    static final String EXPLANATION = "The word \"the\" before a noun.";

    private PromptCapture() {
    }

    static LatentRecord record() {
        ConstructorConfig c = new ConstructorConfig(8, 20, 0, 8, WindowMode.ALIGNED, NonActivatingSource.RANDOM, 22);
        SamplerConfig s = new SamplerConfig(TrainType.QUANTILES, 6, 10, 5, 0.2, SamplingMode.DISJOINT, 22);
        List<LatentRecord> r = Records.build(DEMO.resolve("latents"), "2", c, s, null);
        return r.get(0);
    }

    /** Stage name -> the messages arrays of its requests, sorted by their JSON (arrival order varies). */
    static Map<String, JsonArray> capture(Vertx vertx, Function<ScorerSettings, ScorerSettings> scorerSettings,
                                          Function<LlmExplainer.Settings, LlmExplainer.Settings> explainerSettings) {
        LatentRecord record = record();
        Map<String, JsonArray> out = new LinkedHashMap<>();
        try (TokenDecoder decoder = TokenDecoder.open(DEMO.resolve("gpt2-tokenizer.json"))) {
            explain(vertx, out, "explainer-default", explainerSettings.apply(
                new LlmExplainer.Settings(ExplainerVariant.DEFAULT, false, false, 100, 0.0)), record, decoder);
            explain(vertx, out, "explainer-contrastive-activations", explainerSettings.apply(
                new LlmExplainer.Settings(ExplainerVariant.CONTRASTIVE, true, false, 100, 0.0)), record, decoder);
            explain(vertx, out, "explainer-single-token-cot", explainerSettings.apply(
                new LlmExplainer.Settings(ExplainerVariant.SINGLE_TOKEN, false, true, 100, 0.0)), record, decoder);
            explain(vertx, out, "explainer-default-activations-cot", explainerSettings.apply(
                new LlmExplainer.Settings(ExplainerVariant.DEFAULT, true, true, 100, 0.0)), record, decoder);
            ScorerSettings settings = scorerSettings.apply(
                new ScorerSettings(5, false, ScorerSettings.FuzzType.DEFAULT, 100, 0.0, 22));
            for (ScorerKind kind : List.of(ScorerKind.DETECTION, ScorerKind.FUZZ, ScorerKind.INTRUDER,
                ScorerKind.SIMULATION)) {
                out.put(kind.folder(), send(vertx, client -> Scorers.create(kind, client, settings)
                    .score(new ScoreInput(record, new Explanation(EXPLANATION, true, "test"), decoder)).await()));
            }
        }
        return out;
    }

    private static void explain(Vertx vertx, Map<String, JsonArray> out, String stage, LlmExplainer.Settings s,
                                LatentRecord record, TokenDecoder decoder) {
        out.put(stage, send(vertx, client -> new LlmExplainer(client, s).explain(record, decoder).await()));
    }

    private static JsonArray send(Vertx vertx, java.util.function.Consumer<OpenAiClient> stage) {
        FakeOpenAiServer server = FakeOpenAiServer.start(vertx,
            body -> FakeOpenAiServer.Reply.text("[EXPLANATION]: x")).await();
        OpenAiClient client = ScoreTestKit.client(vertx, server);
        try {
            stage.accept(client);
            List<JsonArray> messages = new ArrayList<>();
            server.requests().forEach(r -> messages.add(r.getJsonArray("messages")));
            messages.sort(Comparator.comparing(JsonArray::encode));
            return new JsonArray(new ArrayList<>(messages));
        } finally {
            client.close();
            server.close().await();
        }
    }

    static JsonObject asJson(Map<String, JsonArray> captured) {
        JsonObject o = new JsonObject();
        captured.forEach(o::put);
        return o;
    }
}
