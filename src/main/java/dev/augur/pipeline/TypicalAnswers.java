package dev.augur.pipeline;

import dev.augur.llm.ChatRequest;
import dev.augur.score.ScorerKind;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an estimate answers in place of the model: for each stage a well-formed answer of typical
 * length, so the stages go on (scorers get an explanation to put in their prompts) and the
 * answer's tokens stand for the expected completion.
 */
final class TypicalAnswers {
    /**
     * The explanation an estimate's scorer prompts carry: 16 words, about the length of the
     * explanations delphi's and Augur's explainer prompts ask for (one short phrase).
     */
    static final String PLACEHOLDER_EXPLANATION =
        "common short words and punctuation that begin a new clause or phrase in running English text";
    private static final Pattern EXAMPLE_LINE = Pattern.compile("(?m)^Example \\d+:");
    private static final Pattern TOKEN_LINE = Pattern.compile("(?m)^\\d+\\t");

    private TypicalAnswers() {
    }

    /** The answer for a request of {@code stage} ("explainer" or a scorer's name). */
    static String forStage(String stage, ChatRequest request) {
        if (stage.equals(LatentFlow.EXPLAINER)) {
            return "[EXPLANATION]: " + PLACEHOLDER_EXPLANATION;
        }
        String user = request.messages().get(request.messages().size() - 1).content();
        ScorerKind kind = kindOf(stage);
        if (kind == ScorerKind.DETECTION || kind == ScorerKind.FUZZ) {
            return zeros(Math.max(1, count(EXAMPLE_LINE, user)));
        }
        if (kind == ScorerKind.INTRUDER) {
            return "[RESPONSE]: 0";
        }
        if (kind == ScorerKind.SIMULATION) {
            StringBuilder s = new StringBuilder();
            for (int i = 0, n = count(TOKEN_LINE, user); i < n; i++) {
                s.append(i).append("\t0\n");
            }
            return s.toString();
        }
        return "0"; // a caller's own scorer: its answers are unknown here
    }

    private static ScorerKind kindOf(String stage) {
        for (ScorerKind k : ScorerKind.values()) {
            if (k.folder().equals(stage)) {
                return k;
            }
        }
        return null;
    }

    /** A 0/1 list of n entries, as the classification scorers ask for. */
    private static String zeros(int n) {
        StringBuilder s = new StringBuilder("[");
        for (int i = 0; i < n; i++) {
            s.append(i == 0 ? "0" : ",0");
        }
        return s.append(']').toString();
    }

    private static int count(Pattern p, String text) {
        Matcher m = p.matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
