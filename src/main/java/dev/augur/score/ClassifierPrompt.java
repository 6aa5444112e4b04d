package dev.augur.score;

import dev.augur.llm.ChatMessage;
import dev.augur.prompt.PromptTemplate;
import dev.augur.prompt.PromptTemplates;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Prompts of the classification scorers (SPEC 7) from their templates: the system message,
 * then the explanation and the numbered examples. The parts that stay the same for all prompts
 * of a latent (system, explanation) come first and the examples last, so a provider's prefix
 * cache serves the start of every prompt after the first.
 */
final class ClassifierPrompt {
    private ClassifierPrompt() {
    }

    static List<ChatMessage> detection(PromptTemplates t, String explanation, List<Shown> examples) {
        return messages(t, PromptTemplate.DETECTION_SYSTEM, PromptTemplate.DETECTION_USER,
            PromptTemplate.DETECTION_EXAMPLE, explanation, examples);
    }

    static List<ChatMessage> fuzz(PromptTemplates t, String explanation, List<Shown> examples) {
        return messages(t, PromptTemplate.FUZZ_SYSTEM, PromptTemplate.FUZZ_USER, PromptTemplate.FUZZ_EXAMPLE,
            explanation, examples);
    }

    private static List<ChatMessage> messages(PromptTemplates t, PromptTemplate system, PromptTemplate user,
                                              PromptTemplate example, String explanation, List<Shown> examples) {
        return List.of(new ChatMessage("system", t.text(system)),
            new ChatMessage("user", user(t, user, example, explanation, examples)));
    }

    /** The user message of a scorer whose examples are numbered lines (classifiers, intruder). */
    static String user(PromptTemplates t, PromptTemplate user, PromptTemplate example, String explanation,
                       List<Shown> examples) {
        List<String> lines = new ArrayList<>(examples.size());
        for (int i = 0; i < examples.size(); i++) {
            lines.add(t.render(example, Map.of("index", String.valueOf(i), "text", examples.get(i).text())));
        }
        return t.render(user, Map.of("explanation", explanation, "examples", String.join("\n", lines),
            "count", String.valueOf(examples.size())));
    }
}
