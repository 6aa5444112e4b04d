package dev.augur.score;

import dev.augur.llm.ChatMessage;
import java.util.List;

/** Prompts of the classification scorers (SPEC 7); the wording is Augur's own. */
final class ClassifierPrompt {
    private ClassifierPrompt() {
    }

    private static final String DETECTION = "You check an explanation of one feature of a language model. You get "
            + "the explanation and a numbered list of text excerpts. For each excerpt decide "
            + "whether the feature, as the explanation describes it, is present in the excerpt: "
            + "1 if it is, 0 if it is not. Reply with a list of 0s and 1s, one per excerpt in "
            + "order, for example [1,0,0,1,1], and nothing else.";

    private static final String FUZZ = "You check an explanation of one feature of a language model. You get "
            + "the explanation and a numbered list of text excerpts in which some tokens are "
            + "wrapped in << and >>. For each excerpt decide whether the marked tokens are ones "
            + "the explanation describes (1) or were marked at random (0). Reply with a list of "
            + "0s and 1s, one per excerpt in order, for example [1,0,0,1,1], and nothing else.";

    static List<ChatMessage> detection(String explanation, List<Shown> examples) {
        return messages(DETECTION, explanation, examples);
    }

    static List<ChatMessage> fuzz(String explanation, List<Shown> examples) {
        return messages(FUZZ, explanation, examples);
    }

    private static List<ChatMessage> messages(String system, String explanation, List<Shown> examples) {
        return List.of(new ChatMessage("system", system),
            new ChatMessage("user", body(explanation, examples)));
    }

    private static String body(String explanation, List<Shown> examples) {
        StringBuilder s = new StringBuilder("Explanation: ").append(explanation).append("\n\n");
        for (int i = 0; i < examples.size(); i++) {
            s.append("Example ").append(i).append(": ").append(examples.get(i).text()).append('\n');
        }
        s.append("\nAnswer with a list of exactly ").append(examples.size()).append(" numbers.");
        return s.toString();
    }
}
