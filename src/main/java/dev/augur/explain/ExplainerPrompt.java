package dev.augur.explain;

import dev.augur.llm.ChatMessage;
import dev.augur.text.Highlight;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Builds the chat messages that ask a model to explain a latent (SPEC 6). The wording is
 * Augur's own: a system message, three worked examples, then the latent's train examples with
 * the active spans marked.
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

    public static List<ChatMessage> build(ExplainerVariant variant, List<Shown> train,
                                          List<Shown> counterExamples, boolean showActivations,
                                          boolean chainOfThought) {
        if (train.isEmpty()) {
            throw new IllegalArgumentException("an explainer prompt needs at least one train example");
        }
        List<ChatMessage> m = new ArrayList<>();
        m.add(new ChatMessage("system", system(variant, showActivations, chainOfThought)));
        for (String[] shot : FewShots.PAIRS) {
            m.add(new ChatMessage("user", shot[0]));
            m.add(new ChatMessage("assistant", shot[1]));
        }
        m.add(new ChatMessage("user", examples(variant, train, counterExamples, showActivations)));
        return m;
    }

    static String system(ExplainerVariant variant, boolean showActivations, boolean cot) {
        StringBuilder s = new StringBuilder();
        s.append("You study one feature of a neural network's internal representation. You will "
            + "see text excerpts in which the feature is active; the tokens where it is active are "
            + "wrapped in << and >>. Find what the marked tokens have in common, taking their "
            + "surroundings into account, and describe it.\n");
        if (variant == ExplainerVariant.SINGLE_TOKEN) {
            s.append("Each excerpt is followed by the marked tokens alone. Say which token, word "
                + "or family of tokens the feature responds to.\n");
        }
        if (variant == ExplainerVariant.CONTRASTIVE) {
            s.append("You will also see counter-examples in which the feature stays silent: your "
                + "description must fit the excerpts and not the counter-examples.\n");
        }
        if (showActivations) {
            s.append("After each excerpt, a line lists the strongest tokens with the feature's "
                + "strength from 1 to 10.\n");
        }
        s.append("Be concise: one sentence, no more than needed, without quoting whole "
            + "excerpts and without mentioning the << >> marks.\n");
        if (cot) {
            s.append("Think step by step first: list the marked tokens, what precedes and follows "
                + "them, and candidate patterns; rule out the ones that fail; then conclude.\n");
        }
        s.append("End your answer with a last line of the form\n").append(TAG)
            .append(" <your one-sentence description>");
        return s.toString();
    }

    static String examples(ExplainerVariant variant, List<Shown> train, List<Shown> counter,
                           boolean showActivations) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < train.size(); i++) {
            Shown e = train.get(i);
            boolean[] marks = Highlight.above(e.activations(), Highlight.THRESHOLD);
            s.append("Example ").append(i + 1).append(": ")
                .append(Highlight.marked(e.tokens(), marks)).append('\n');
            if (variant == ExplainerVariant.SINGLE_TOKEN) {
                s.append("Marked tokens: ").append(markedTokens(e.tokens(), marks)).append('\n');
            }
            if (showActivations) {
                s.append("Activations: ").append(activationList(e, marks)).append('\n');
            }
        }
        if (variant == ExplainerVariant.CONTRASTIVE && !counter.isEmpty()) {
            s.append("\nCounter-examples (the feature is silent):\n");
            for (int i = 0; i < counter.size(); i++) {
                s.append("Counter-example ").append(i + 1).append(": ")
                    .append(Highlight.plain(counter.get(i).tokens())).append('\n');
            }
        }
        return s.toString().stripTrailing();
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
