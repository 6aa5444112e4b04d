package dev.augur.score;

import dev.augur.construct.NonActivatingWindow;
import dev.augur.llm.ChatMessage;
import dev.augur.llm.ChatRequest;
import dev.augur.llm.LlmClient;
import dev.augur.metrics.ScoreSample;
import dev.augur.prompt.PromptTemplate;
import dev.augur.prompt.PromptTemplates;
import dev.augur.record.LatentRecord;
import dev.augur.sample.SampledExample;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Simulation (OpenAI's method, SPEC 7): given only the explanation, the model predicts an
 * activation 0-10 for every token of each example (test and non-activating). Each sample keeps
 * the predicted activations; its prediction is "fires somewhere" (any prediction above 0) and
 * its probability the largest prediction / 10. The latent's score, the correlation of predicted
 * and true normalized activations over all its tokens, is computed from the files
 * ({@link dev.augur.metrics.SimulationCorrelation}).
 */
public final class SimulationScorer implements Scorer {
    private static final Pattern LINE = Pattern.compile("(?m)^\\h*(\\d+)\\h*[\\t:|,]\\h*.*?(\\d+(?:\\.\\d+)?)\\h*$");

    private final LlmClient client;
    private final ScorerSettings settings;

    public SimulationScorer(LlmClient client, ScorerSettings settings) {
        this.client = client;
        this.settings = settings;
    }

    @Override
    public String name() {
        return ScorerKind.SIMULATION.folder();
    }

    @Override
    public Future<List<ScoreSample>> score(ScoreInput in) {
        LatentRecord r = in.record();
        List<Future<ScoreSample>> prompts = new ArrayList<>();
        for (SampledExample s : r.samples().test()) {
            prompts.add(ask(in, ShownExamples.plain(s, in.decoder())));
        }
        for (NonActivatingWindow n : r.examples().nonActivating()) {
            prompts.add(ask(in, ShownExamples.plain(n, in.decoder())));
        }
        return Prompts.inOrder(prompts);
    }

    private Future<ScoreSample> ask(ScoreInput in, Shown shown) {
        PromptTemplates t = settings.prompts();
        List<String> lines = new ArrayList<>(shown.tokens().length);
        for (int i = 0; i < shown.tokens().length; i++) {
            lines.add(t.render(PromptTemplate.SIMULATION_TOKEN, Map.of("index", String.valueOf(i),
                "token", escape(shown.tokens()[i]))));
        }
        String user = t.render(PromptTemplate.SIMULATION_USER, Map.of("explanation", in.explanation().text(),
            "tokens", String.join("\n", lines), "count", String.valueOf(shown.tokens().length)));
        String system = t.text(PromptTemplate.SIMULATION_SYSTEM);
        ChatRequest req = new ChatRequest(List.of(new ChatMessage("system", system),
            new ChatMessage("user", user)), Math.max(settings.maxTokens(),
            shown.tokens().length * 6), settings.temperature(), false, 0);
        return client.chat(req).map(resp -> sample(shown, parse(resp.content(), shown.tokens().length)));
    }

    private static ScoreSample sample(Shown shown, float[] predicted) {
        if (predicted == null) {
            return shown.toSample(null, null);
        }
        float max = 0;
        for (float p : predicted) {
            max = Math.max(max, p);
        }
        return shown.toSample(max > 0, (double) max / 10).withSimulated(predicted);
    }

    /** Predicted activation per token (missing lines are 0), or null when nothing parses. */
    static float[] parse(String answer, int n) {
        if (answer == null) {
            return null;
        }
        float[] out = new float[n];
        boolean any = false;
        Matcher m = LINE.matcher(answer);
        while (m.find()) {
            int i;
            try {
                i = Integer.parseInt(m.group(1));
            } catch (NumberFormatException e) { // an index too long for an int: skip the line
                continue;
            }
            if (i >= 0 && i < n) {
                out[i] = Math.max(0, Math.min(10, Float.parseFloat(m.group(2))));
                any = true;
            }
        }
        return any ? out : null;
    }

    private static String escape(String token) {
        return token.replace("\n", "\\n").replace("\t", "\\t");
    }
}
