package dev.augur.explain;

import dev.augur.construct.NonActivatingWindow;
import dev.augur.llm.ChatRequest;
import dev.augur.llm.LlmClient;
import dev.augur.prompt.PromptTemplates;
import dev.augur.record.LatentRecord;
import dev.augur.sample.SampledExample;
import dev.augur.tokenizer.TokenDecoder;
import io.vertx.core.Future;
import java.util.List;

/** Asks an LLM for an explanation from the latent's train set (SPEC 6). */
public final class LlmExplainer implements Explainer {
    /** Settings of the prompt (its templates included) and of the request. */
    public record Settings(ExplainerVariant variant, boolean showActivations,
                           boolean chainOfThought, int maxTokens, double temperature,
                           PromptTemplates prompts) {
        /** With the shipped prompt templates. */
        public Settings(ExplainerVariant variant, boolean showActivations, boolean chainOfThought,
                        int maxTokens, double temperature) {
            this(variant, showActivations, chainOfThought, maxTokens, temperature, PromptTemplates.shipped());
        }
    }

    private final LlmClient client;
    private final Settings settings;

    public LlmExplainer(LlmClient client, Settings settings) {
        this.client = client;
        this.settings = settings;
    }

    @Override
    public Future<Explanation> explain(LatentRecord record, TokenDecoder decoder) {
        if (record.samples() == null || record.samples().train().isEmpty()) {
            // record builders skip such latents; a prompt with nothing in it would still get an
            // answer, the same for every such latent
            return Future.failedFuture(new IllegalArgumentException(LatentRecord.NO_TRAIN_EXAMPLES
                + ": the explainer is never prompted without examples"));
        }
        List<ExplainerPrompt.Shown> train = record.samples().train().stream()
            .map(s -> shown(s, decoder)).toList();
        List<ExplainerPrompt.Shown> counter = record.examples().nonActivating().stream()
            .limit(train.size()).map(n -> shown(n, decoder)).toList();
        ChatRequest request = new ChatRequest(ExplainerPrompt.build(settings.prompts(), settings.variant(), train,
            counter, settings.showActivations(), settings.chainOfThought()), settings.maxTokens(),
            settings.temperature(), false, 0);
        return client.chat(request).map(response -> {
            String text = ExplainerPrompt.parse(response.content());
            return text == null ? new Explanation(Explanation.UNPARSABLE, false, "llm")
                : new Explanation(text, true, "llm");
        });
    }

    private static ExplainerPrompt.Shown shown(SampledExample s, TokenDecoder decoder) {
        return new ExplainerPrompt.Shown(decoder.decode(s.window().tokens()),
            s.window().activations(), s.normalized());
    }

    private static ExplainerPrompt.Shown shown(NonActivatingWindow n, TokenDecoder decoder) {
        float[] acts = n.activations();
        return new ExplainerPrompt.Shown(decoder.decode(n.tokens()), acts, new int[acts.length]);
    }
}
