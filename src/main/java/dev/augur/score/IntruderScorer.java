package dev.augur.score;

import dev.augur.construct.NonActivatingWindow;
import dev.augur.llm.ChatMessage;
import dev.augur.llm.ChatRequest;
import dev.augur.llm.LlmClient;
import dev.augur.metrics.ScoreSample;
import dev.augur.prompt.PromptTemplate;
import dev.augur.prompt.PromptTemplates;
import dev.augur.random.Seeds;
import dev.augur.record.LatentRecord;
import dev.augur.sample.SampledExample;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Intruder detection (SPEC 7): each prompt holds n - 1 activating test examples of one
 * quantile (quantiles in turn), correctly marked, plus one non-activating intruder marked like
 * fuzzing, at a random position; the model names the intruder. The score file holds one sample
 * per prompt (the intruder): {@code activating} true, {@code prediction} = the model found it,
 * so recall is the intruder accuracy.
 */
public final class IntruderScorer implements Scorer {
    private final LlmClient client;
    private final ScorerSettings settings;

    public IntruderScorer(LlmClient client, ScorerSettings settings) {
        this.client = client;
        this.settings = settings;
    }

    @Override
    public String name() {
        return ScorerKind.INTRUDER.folder();
    }

    @Override
    public Future<List<ScoreSample>> score(ScoreInput in) {
        LatentRecord r = in.record();
        SplittableRandom rng = Seeds.rng(settings.seed(), r.module(), r.latent(), name());
        TreeMap<Integer, List<SampledExample>> byQuantile = new TreeMap<>();
        r.samples().test().forEach(s -> byQuantile.computeIfAbsent(s.quantile(), q -> new ArrayList<>()).add(s));
        List<NonActivatingWindow> intruders = r.examples().nonActivating();
        int perPrompt = Math.max(1, settings.nExamplesShown() - 1);
        int k = ShownExamples.wrongMarkCount(r.samples().test());
        List<Future<ScoreSample>> prompts = new ArrayList<>();
        int next = 0;
        boolean added = true;
        for (int round = 0; added && next < intruders.size(); round++) {
            added = false;
            for (List<SampledExample> group : byQuantile.values()) { // quantiles in turn
                int from = round * perPrompt;
                if (from >= group.size() || next >= intruders.size()) {
                    continue;
                }
                List<Shown> shown = new ArrayList<>();
                for (SampledExample s : group.subList(from, Math.min(group.size(), from + perPrompt))) {
                    shown.add(ShownExamples.correctlyMarked(s, in.decoder()));
                }
                Shown intruder = ShownExamples.fuzzNegative(intruders.get(next++), in.decoder(), k, rng);
                int at = rng.nextInt(shown.size() + 1);
                shown.add(at, intruder);
                prompts.add(ask(in.explanation().text(), shown, at, group.get(0).quantile()));
                added = true;
            }
        }
        return Prompts.inOrder(prompts);
    }

    private Future<ScoreSample> ask(String explanation, List<Shown> shown, int intruderAt, int quantile) {
        PromptTemplates t = settings.prompts();
        String user = ClassifierPrompt.user(t, PromptTemplate.INTRUDER_USER, PromptTemplate.INTRUDER_EXAMPLE,
            explanation, shown);
        String system = t.text(PromptTemplate.INTRUDER_SYSTEM);
        ChatRequest req = new ChatRequest(List.of(new ChatMessage("system", system),
            new ChatMessage("user", user)), settings.maxTokens(), settings.temperature(),
            false, 0);
        Shown intruder = shown.get(intruderAt);
        Shown asSample = new Shown(intruder.tokens(), intruder.activations(), quantile, true, intruder.text());
        return client.chat(req).map(resp -> {
            Integer k = AnswerParser.response(resp.content());
            return asSample.toSample(k == null ? null : k == intruderAt, null);
        });
    }
}
