package dev.augur.score;

import dev.augur.construct.NonActivatingWindow;
import dev.augur.llm.ChatMessage;
import dev.augur.llm.ChatRequest;
import dev.augur.llm.ChatResponse;
import dev.augur.llm.LlmClient;
import dev.augur.llm.LogProbs;
import dev.augur.metrics.ScoreSample;
import dev.augur.random.Seeds;
import dev.augur.record.LatentRecord;
import dev.augur.sample.SampledExample;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Detection and fuzzing (SPEC 7): the record's non-activating and test examples, shuffled with
 * a fixed seed, cut into prompts of n examples; the model answers a 0/1 list. The prompts of one
 * latent are sent together; the LLM client's global limit bounds how many run at once.
 */
public final class ClassifierScorer implements Scorer {
    private final LlmClient client;
    private final ScorerKind kind;
    private final ScorerSettings settings;

    public ClassifierScorer(LlmClient client, ScorerKind kind, ScorerSettings settings) {
        if (kind != ScorerKind.DETECTION && kind != ScorerKind.FUZZ) {
            throw new IllegalArgumentException(kind + " is not a classification scorer");
        }
        this.client = client;
        this.kind = kind;
        this.settings = settings;
    }

    @Override
    public String name() {
        return kind.folder();
    }

    @Override
    public Future<List<ScoreSample>> score(ScoreInput in) {
        LatentRecord r = in.record();
        SplittableRandom rng = Seeds.rng(settings.seed(), r.module(), r.latent(), name());
        List<Shown> shown = kind == ScorerKind.DETECTION ? detection(in) : fuzz(in, rng);
        for (int i = shown.size() - 1; i > 0; i--) {
            Collections.swap(shown, i, rng.nextInt(i + 1));
        }
        List<Future<List<ScoreSample>>> prompts = new ArrayList<>();
        int n = settings.nExamplesShown();
        for (int from = 0; from < shown.size(); from += n) {
            prompts.add(ask(in.explanation().text(), shown.subList(from, Math.min(shown.size(), from + n))));
        }
        return Prompts.inOrder(prompts).map(chunks -> chunks.stream().flatMap(List::stream).toList());
    }

    private static List<Shown> detection(ScoreInput in) {
        List<Shown> out = new ArrayList<>();
        for (NonActivatingWindow n : in.record().examples().nonActivating()) {
            out.add(ShownExamples.plain(n, in.decoder()));
        }
        for (SampledExample s : in.record().samples().test()) {
            out.add(ShownExamples.plain(s, in.decoder()));
        }
        return out;
    }

    private List<Shown> fuzz(ScoreInput in, SplittableRandom rng) {
        List<SampledExample> test = in.record().samples().test();
        int k = ShownExamples.wrongMarkCount(test);
        List<Shown> out = new ArrayList<>();
        if (settings.fuzzType() == ScorerSettings.FuzzType.ACTIVE) {
            for (SampledExample s : test) {
                out.add(ShownExamples.wronglyMarked(s, in.decoder(), k, rng));
            }
        } else {
            for (NonActivatingWindow n : in.record().examples().nonActivating()) {
                out.add(ShownExamples.fuzzNegative(n, in.decoder(), k, rng));
            }
        }
        for (SampledExample s : test) {
            out.add(ShownExamples.correctlyMarked(s, in.decoder()));
        }
        return out;
    }

    /**
     * One prompt; a malformed answer makes its predictions null (a counted failure). A request
     * that failed after its retries fails the latent instead: no score file is written, so a
     * rerun asks again rather than keeping nulls.
     */
    private Future<List<ScoreSample>> ask(String explanation, List<Shown> chunk) {
        List<ChatMessage> messages = kind == ScorerKind.DETECTION
            ? ClassifierPrompt.detection(settings.prompts(), explanation, chunk)
            : ClassifierPrompt.fuzz(settings.prompts(), explanation, chunk);
        ChatRequest req = new ChatRequest(messages, settings.maxTokens(), settings.temperature(),
            settings.logProbs(), settings.logProbs() ? ScorerSettings.TOP_LOGPROBS : 0);
        return client.chat(req).map(resp -> samples(resp, chunk));
    }

    private List<ScoreSample> samples(ChatResponse resp, List<Shown> chunk) {
        Boolean[] predictions = resp == null ? null : AnswerParser.binaryList(resp.content(), chunk.size());
        List<Double> probs = resp == null || !settings.logProbs() || resp.logprobs().isEmpty()
            ? List.of() : LogProbs.probabilityOfOne(resp.logprobs());
        List<ScoreSample> out = new ArrayList<>(chunk.size());
        for (int i = 0; i < chunk.size(); i++) {
            Boolean p = predictions == null ? null : predictions[i];
            Double prob = predictions != null && probs.size() == chunk.size() ? probs.get(i) : null;
            out.add(chunk.get(i).toSample(p, prob));
        }
        return out;
    }
}
