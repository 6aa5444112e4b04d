package dev.augur.bench;

import dev.augur.construct.ConstructorConfig;
import dev.augur.explain.ExplanationStore;
import dev.augur.explain.Explanation;
import dev.augur.explain.ExplainerVariant;
import dev.augur.explain.LlmExplainer;
import dev.augur.llm.LlmConfig;
import dev.augur.llm.OpenAiClient;
import dev.augur.record.LatentRecord;
import dev.augur.sample.SamplerConfig;
import dev.augur.score.ScoreInput;
import dev.augur.score.ScorerKind;
import dev.augur.score.ScorerSettings;
import dev.augur.score.Scorers;
import dev.augur.testing.FakeOpenAiServer;
import dev.augur.testing.Records;
import dev.augur.tokenizer.TokenDecoder;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;

/**
 * How much of a latent's scorer prompts a provider's prefix cache can reuse: for each latent and
 * scorer, the characters common to the start of all its prompts (messages in order, each as
 * "role\ncontent\n") over their average length, on the shipped demo cache at delphi's defaults
 * (32-token windows, 40 train / 50 test in 10 quantiles, 50 non-activating, 5 examples per
 * prompt; min_examples 20, the demo's, as its latents are rarer than a real SAE's), scored with
 * the demo's true explanations. The prompts are the ones the scorers send, captured by the test
 * LLM server. The explainer sends one prompt per latent: its line is the prefix all latents'
 * explainer prompts share. Run with bench/prompt-prefix-bench.sh.
 */
public final class PromptPrefixBench {
    private static final Path DEMO = Path.of("src/main/resources/dev/augur/demo");

    private PromptPrefixBench() {
    }

    public static void main(String[] args) throws Exception {
        ConstructorConfig c = new ConstructorConfig(32, 20, 0, 50, dev.augur.construct.WindowMode.ALIGNED,
            dev.augur.construct.NonActivatingSource.RANDOM, 22);
        List<LatentRecord> records = Records.build(DEMO.resolve("latents"), "all", c, SamplerConfig.defaults(22), null)
            .stream().filter(r -> !r.isSkipped()).toList();
        ExplanationStore truth = new ExplanationStore(DEMO.resolve("explanations"));
        Vertx vertx = Vertx.vertx();
        FakeOpenAiServer server = FakeOpenAiServer.start(vertx, q -> FakeOpenAiServer.Reply.text("[EXPLANATION]: x")).await();
        OpenAiClient client = new OpenAiClient(vertx, LlmConfig.of(server.baseUrl(), "bench"), Optional.empty(),
            System::currentTimeMillis, new Random(1));
        ScorerSettings settings = new ScorerSettings(5, false, ScorerSettings.FuzzType.DEFAULT, 100, 0.0, 22);
        PrintStream out = System.out;
        out.printf(Locale.ROOT, "demo cache, %d latents, delphi's defaults (n_examples_shown 5)%n", records.size());
        out.println("| stage | prompts per latent | mean prompt chars | mean shared prefix chars | shared-prefix fraction: mean (min-max) over latents |");
        out.println("|---|---|---|---|---|");
        try (TokenDecoder decoder = TokenDecoder.open(DEMO.resolve("gpt2-tokenizer.json"))) {
            for (ScorerKind kind : List.of(ScorerKind.DETECTION, ScorerKind.FUZZ, ScorerKind.INTRUDER, ScorerKind.SIMULATION)) {
                Stats s = new Stats();
                for (LatentRecord r : records) {
                    int from = server.requests().size();
                    Explanation e = new Explanation(truth.read(r.name()).orElseThrow(), true, "file");
                    Scorers.create(kind, client, settings).score(new ScoreInput(r, e, decoder)).await();
                    s.add(prompts(server, from));
                }
                out.println(s.row(kind.folder()));
            }
            int from = server.requests().size();
            LlmExplainer explainer = new LlmExplainer(client, new LlmExplainer.Settings(ExplainerVariant.DEFAULT,
                false, false, 100, 0.0));
            for (LatentRecord r : records) {
                explainer.explain(r, decoder).await();
            }
            Stats s = new Stats();
            s.add(prompts(server, from));
            out.println(s.row("explainer (one prompt per latent: the prefix shared by all latents)"));
        } finally {
            client.close();
            server.close().await();
            vertx.close().await();
        }
    }

    private static List<String> prompts(FakeOpenAiServer server, int from) {
        List<String> out = new ArrayList<>();
        for (JsonObject q : server.requests().subList(from, server.requests().size())) {
            StringBuilder s = new StringBuilder();
            JsonArray m = q.getJsonArray("messages");
            for (int i = 0; i < m.size(); i++) {
                s.append(m.getJsonObject(i).getString("role")).append('\n')
                    .append(m.getJsonObject(i).getString("content")).append('\n');
            }
            out.add(s.toString());
        }
        return out;
    }

    /** Per latent: prompt count, mean length, shared prefix and its fraction. */
    private static final class Stats {
        private final List<double[]> latents = new ArrayList<>();

        void add(List<String> prompts) {
            int prefix = prompts.get(0).length();
            double total = 0;
            for (String p : prompts) {
                prefix = Math.min(prefix, common(prompts.get(0), p));
                total += p.length();
            }
            double mean = total / prompts.size();
            latents.add(new double[] {prompts.size(), mean, prefix, prefix / mean});
        }

        String row(String stage) {
            double n = 0, len = 0, pre = 0, frac = 0, min = 1, max = 0;
            for (double[] l : latents) {
                n += l[0];
                len += l[1];
                pre += l[2];
                frac += l[3];
                min = Math.min(min, l[3]);
                max = Math.max(max, l[3]);
            }
            int k = latents.size();
            return String.format(Locale.ROOT, "| %s | %.1f | %.0f | %.0f | %.3f (%.3f-%.3f) |",
                stage, n / k, len / k, pre / k, frac / k, min, max);
        }

        private static int common(String a, String b) {
            int n = Math.min(a.length(), b.length());
            int i = 0;
            while (i < n && a.charAt(i) == b.charAt(i)) {
                i++;
            }
            return i;
        }
    }
}
