package dev.augur.explain;

import dev.augur.llm.ChatMessage;
import dev.augur.prompt.PromptTemplate;
import dev.augur.prompt.PromptTemplates;
import dev.augur.text.Highlight;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Builds the chat messages that ask a model to explain a latent (SPEC 6) from the explainer's
 * prompt templates ({@link PromptTemplate}): a system message, the worked examples, then the
 * latent's train examples with the active spans marked. The wording is Augur's own; the
 * structure (which parts appear for which variant and options) is this class's.
 */
public final class ExplainerPrompt {
    /** Per example, at most this many (token, activation) pairs are listed. */
    public static final int MAX_LISTED_TOKENS = 10;
    public static final String TAG = "[EXPLANATION]:";

    /** One example as the prompt sees it: token strings, activations, normalized 0..10. */
    public record Shown(String[] tokens, float[] activations, int[] normalized) {
    }

    private ExplainerPrompt() {
    }

    /** With the shipped templates. */
    public static List<ChatMessage> build(ExplainerVariant variant, List<Shown> train,
                                          List<Shown> counterExamples, boolean showActivations,
                                          boolean chainOfThought) {
        return build(PromptTemplates.shipped(), variant, train, counterExamples, showActivations, chainOfThought);
    }

    public static List<ChatMessage> build(PromptTemplates templates, ExplainerVariant variant,
                                          List<Shown> train, List<Shown> counterExamples,
                                          boolean showActivations, boolean chainOfThought) {
        if (train.isEmpty()) {
            throw new IllegalArgumentException("an explainer prompt needs at least one train example");
        }
        List<ChatMessage> m = new ArrayList<>();
        m.add(new ChatMessage("system", system(templates, variant, showActivations, chainOfThought)));
        for (PromptTemplate[] shot : SHOTS) {
            String user = templates.text(shot[0]);
            if (!user.isEmpty()) {
                m.add(new ChatMessage("user", user));
                m.add(new ChatMessage("assistant", templates.text(shot[1])));
            }
        }
        m.add(new ChatMessage("user", examples(templates, variant, train, counterExamples, showActivations)));
        return m;
    }

    private static final PromptTemplate[][] SHOTS = {
        {PromptTemplate.EXPLAINER_SHOT_1_USER, PromptTemplate.EXPLAINER_SHOT_1_ASSISTANT},
        {PromptTemplate.EXPLAINER_SHOT_2_USER, PromptTemplate.EXPLAINER_SHOT_2_ASSISTANT},
        {PromptTemplate.EXPLAINER_SHOT_3_USER, PromptTemplate.EXPLAINER_SHOT_3_ASSISTANT},
    };

    static String system(PromptTemplates templates, ExplainerVariant variant, boolean showActivations,
                         boolean cot) {
        Map<String, String> v = new HashMap<>();
        v.put("single_token_note", variant == ExplainerVariant.SINGLE_TOKEN
            ? templates.text(PromptTemplate.EXPLAINER_SINGLE_TOKEN_NOTE) : "");
        v.put("contrastive_note", variant == ExplainerVariant.CONTRASTIVE
            ? templates.text(PromptTemplate.EXPLAINER_CONTRASTIVE_NOTE) : "");
        v.put("activations_note", showActivations ? templates.text(PromptTemplate.EXPLAINER_ACTIVATIONS_NOTE) : "");
        v.put("chain_of_thought_note", cot ? templates.text(PromptTemplate.EXPLAINER_CHAIN_OF_THOUGHT_NOTE) : "");
        return templates.render(PromptTemplate.EXPLAINER_SYSTEM, v);
    }

    static String examples(PromptTemplates templates, ExplainerVariant variant, List<Shown> train,
                           List<Shown> counter, boolean showActivations) {
        List<String> shown = new ArrayList<>();
        for (int i = 0; i < train.size(); i++) {
            Shown e = train.get(i);
            boolean[] marks = Highlight.above(e.activations(), Highlight.THRESHOLD);
            String marked = variant != ExplainerVariant.SINGLE_TOKEN ? ""
                : templates.render(PromptTemplate.EXPLAINER_EXAMPLE_MARKED_TOKENS,
                    Map.of("tokens", markedTokens(e.tokens(), marks)));
            String acts = !showActivations ? ""
                : templates.render(PromptTemplate.EXPLAINER_EXAMPLE_ACTIVATIONS,
                    Map.of("activations", activationList(e, marks)));
            shown.add(templates.render(PromptTemplate.EXPLAINER_EXAMPLE, Map.of("number", String.valueOf(i + 1),
                "text", Highlight.marked(e.tokens(), marks), "marked_tokens", marked, "activations", acts)));
        }
        String counterPart = "";
        if (variant == ExplainerVariant.CONTRASTIVE && !counter.isEmpty()) {
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < counter.size(); i++) {
                lines.add(templates.render(PromptTemplate.EXPLAINER_COUNTER_EXAMPLE, Map.of(
                    "number", String.valueOf(i + 1), "text", Highlight.plain(counter.get(i).tokens()))));
            }
            counterPart = templates.render(PromptTemplate.EXPLAINER_COUNTER_EXAMPLES,
                Map.of("counter_examples", String.join("\n", lines)));
        }
        return templates.render(PromptTemplate.EXPLAINER_USER, Map.of("examples", String.join("\n", shown),
            "counter_examples", counterPart)).stripTrailing();
    }

    private static String markedTokens(String[] tokens, boolean[] marks) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < tokens.length; i++) {
            if (marks[i]) {
                out.add('"' + tokens[i] + '"');
            }
        }
        return String.join(", ", out);
    }

    private static String activationList(Shown e, boolean[] marks) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < e.tokens().length && out.size() < MAX_LISTED_TOKENS; i++) {
            if (marks[i]) {
                out.add(String.format(Locale.ROOT, "(\"%s\", %d)", e.tokens()[i], e.normalized()[i]));
            }
        }
        return String.join(", ", out);
    }

    /** The text after the last {@code [EXPLANATION]:}, or null when there is none. */
    public static String parse(String answer) {
        if (answer == null) {
            return null;
        }
        int at = answer.lastIndexOf(TAG);
        if (at < 0) {
            return null;
        }
        String text = answer.substring(at + TAG.length()).strip();
        int nl = text.indexOf('\n');
        if (nl >= 0) {
            text = text.substring(0, nl).strip();
        }
        return text.isEmpty() ? null : text;
    }
}
