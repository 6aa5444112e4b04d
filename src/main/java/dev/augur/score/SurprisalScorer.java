package dev.augur.score;

import dev.augur.construct.NonActivatingWindow;
import dev.augur.llm.CompletionRequest;
import dev.augur.llm.CompletionResponse;
import dev.augur.llm.LlmClient;
import dev.augur.llm.PromptToken;
import dev.augur.metrics.ScoreSample;
import dev.augur.prompt.PromptTemplate;
import dev.augur.prompt.PromptTemplates;
import dev.augur.sample.SampledExample;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Surprisal scoring (delphi's surprisal scorer): how much the explanation, put before an example
 * as a description of it, lowers a language model's loss on the example. Each example (the
 * record's non-activating and test examples) is scored twice through the completions endpoint
 * with echoed log-probabilities: after the prefix carrying the explanation and after the same
 * prefix carrying a neutral description (the baseline template). A sample's score, written as
 * its probability with no prediction, is baseline loss minus explained loss, each the mean
 * -log p over the example's tokens; the latent's metric is the AUC of activating against
 * non-activating samples. Examples go {@code nExamplesShown} to a request (both prompts of each).
 *
 * <p>A sample whose answer lacks log-probabilities for its tokens gets a null score (a counted
 * failure); a request that failed after its retries fails the latent, as in the other scorers.
 */
public final class SurprisalScorer implements Scorer {
    private static final System.Logger LOG = System.getLogger("dev.augur.score");
    private static final AtomicBoolean WARNED = new AtomicBoolean();

    private final LlmClient client;
    private final ScorerSettings settings;

    public SurprisalScorer(LlmClient client, ScorerSettings settings) {
        this.client = client;
        this.settings = settings;
    }

    @Override
    public String name() {
        return ScorerKind.SURPRISAL.folder();
    }

    /** The text before an example: the prefix template with this description, then a line break. */
    static String prefix(PromptTemplates t, String description) {
        return t.render(PromptTemplate.SURPRISAL_PREFIX, Map.of("description", description)) + "\n";
    }

    @Override
    public Future<List<ScoreSample>> score(ScoreInput in) {
        List<Shown> shown = new ArrayList<>();
        for (NonActivatingWindow n : in.record().examples().nonActivating()) {
            shown.add(ShownExamples.plain(n, in.decoder()));
        }
        for (SampledExample s : in.record().samples().test()) {
            shown.add(ShownExamples.plain(s, in.decoder()));
        }
        String explained = prefix(settings.prompts(), in.explanation().text());
        String baseline = prefix(settings.prompts(), settings.prompts().text(PromptTemplate.SURPRISAL_BASELINE));
        List<Future<List<ScoreSample>>> requests = new ArrayList<>();
        int n = settings.nExamplesShown();
        for (int from = 0; from < shown.size(); from += n) {
            requests.add(ask(explained, baseline, shown.subList(from, Math.min(shown.size(), from + n))));
        }
        return Prompts.inOrder(requests).map(chunks -> chunks.stream().flatMap(List::stream).toList());
    }

    /** One request: the chunk's examples after the explained prefix, then after the baseline one. */
    private Future<List<ScoreSample>> ask(String explained, String baseline, List<Shown> chunk) {
        List<String> prompts = new ArrayList<>(2 * chunk.size());
        chunk.forEach(s -> prompts.add(explained + s.text()));
        chunk.forEach(s -> prompts.add(baseline + s.text()));
        return client.complete(new CompletionRequest(prompts)).map(r -> samples(r, explained, baseline, chunk));
    }

    private static List<ScoreSample> samples(CompletionResponse r, String explained, String baseline,
                                             List<Shown> chunk) {
        List<ScoreSample> out = new ArrayList<>(chunk.size());
        for (int i = 0; i < chunk.size(); i++) {
            int length = ExampleLoss.codePoints(chunk.get(i).text());
            double with = loss(r, i, explained, chunk.get(i).text(), length);
            double without = loss(r, chunk.size() + i, baseline, chunk.get(i).text(), length);
            double score = without - with;
            out.add(chunk.get(i).toSample(null, Double.isFinite(score) ? score : null));
        }
        return out;
    }

    private static double loss(CompletionResponse r, int prompt, String prefix, String example, int exampleLength) {
        List<PromptToken> tokens = r.tokens().get(prompt);
        int start = ExampleLoss.codePoints(prefix) + ExampleLoss.shift(tokens, prefix + example);
        double loss = ExampleLoss.mean(tokens, start, start + exampleLength);
        if (Double.isNaN(loss) && exampleLength > 0 && WARNED.compareAndSet(false, true)) {
            LOG.log(System.Logger.Level.WARNING, "surprisal: the completions endpoint sent no log-probabilities"
                + " for an example's tokens (it must echo the prompt's: vLLM's server does, llama.cpp's does"
                + " not); such samples are counted as failed");
        }
        return loss;
    }
}
