package dev.augur.prompt;

import java.util.List;
import java.util.Locale;

/**
 * Every prompt template Augur ships (resources {@code dev/augur/prompts/<file>}), the stage
 * that sends it and the variables it may use. The order is the order of the docs.
 */
public enum PromptTemplate {
    EXPLAINER_SYSTEM("explainer", "system message; each *_note is a line of its own, empty when unused",
        "single_token_note", "contrastive_note", "activations_note", "chain_of_thought_note"),
    EXPLAINER_SINGLE_TOKEN_NOTE("explainer", "the system message's single_token_note (--explainer single-token)"),
    EXPLAINER_CONTRASTIVE_NOTE("explainer", "the system message's contrastive_note (--explainer contrastive)"),
    EXPLAINER_ACTIVATIONS_NOTE("explainer", "the system message's activations_note (--show-activations)"),
    EXPLAINER_CHAIN_OF_THOUGHT_NOTE("explainer", "the system message's chain_of_thought_note (--chain-of-thought)"),
    EXPLAINER_SHOT_1_USER("explainer", "few-shot example 1, user turn (a shot whose user turn is empty is left out)"),
    EXPLAINER_SHOT_1_ASSISTANT("explainer", "few-shot example 1, assistant turn"),
    EXPLAINER_SHOT_2_USER("explainer", "few-shot example 2, user turn"),
    EXPLAINER_SHOT_2_ASSISTANT("explainer", "few-shot example 2, assistant turn"),
    EXPLAINER_SHOT_3_USER("explainer", "few-shot example 3, user turn"),
    EXPLAINER_SHOT_3_ASSISTANT("explainer", "few-shot example 3, assistant turn"),
    EXPLAINER_USER("explainer", "the last user message (trailing white space is dropped)",
        "examples", "counter_examples"),
    EXPLAINER_EXAMPLE("explainer", "one train example; examples are joined with a line break",
        "number", "text", "marked_tokens", "activations"),
    EXPLAINER_EXAMPLE_MARKED_TOKENS("explainer", "an example's marked_tokens (single-token)", "tokens"),
    EXPLAINER_EXAMPLE_ACTIVATIONS("explainer", "an example's activations (--show-activations)", "activations"),
    EXPLAINER_COUNTER_EXAMPLES("explainer", "the user message's counter_examples (contrastive)", "counter_examples"),
    EXPLAINER_COUNTER_EXAMPLE("explainer", "one counter-example", "number", "text"),
    DETECTION_SYSTEM("detection", "system message"),
    DETECTION_USER("detection", "user message", "explanation", "examples", "count"),
    DETECTION_EXAMPLE("detection", "one example; joined with a line break", "index", "text"),
    FUZZ_SYSTEM("fuzz", "system message"),
    FUZZ_USER("fuzz", "user message", "explanation", "examples", "count"),
    FUZZ_EXAMPLE("fuzz", "one example; joined with a line break", "index", "text"),
    INTRUDER_SYSTEM("intruder", "system message"),
    INTRUDER_USER("intruder", "user message", "explanation", "examples", "count"),
    INTRUDER_EXAMPLE("intruder", "one example; joined with a line break", "index", "text"),
    SIMULATION_SYSTEM("simulation", "system message"),
    SIMULATION_USER("simulation", "user message (one per example)", "explanation", "tokens", "count"),
    SIMULATION_TOKEN("simulation", "one token; joined with a line break", "index", "token"),
    SURPRISAL_PREFIX("surprisal", "the text before each example (which follows on a new line); a "
        + "completions prompt, not chat", "description"),
    SURPRISAL_BASELINE("surprisal", "the prefix's description when scoring without the explanation");

    private final String stage;
    private final String role;
    private final List<String> variables;

    PromptTemplate(String stage, String role, String... variables) {
        this.stage = stage;
        this.role = role;
        this.variables = List.of(variables);
    }

    /** The file name, e.g. {@code detection-user.txt}. */
    public String file() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-') + ".txt";
    }

    /** explainer, or the folder name of the scorer that sends it (detection, fuzz, ..., surprisal). */
    public String stage() {
        return stage;
    }

    /** What the template is, for the docs and {@code augur prompts}. */
    public String role() {
        return role;
    }

    public List<String> variables() {
        return variables;
    }

    /** The template of this file name, or null. */
    public static PromptTemplate ofFile(String file) {
        for (PromptTemplate t : values()) {
            if (t.file().equals(file)) {
                return t;
            }
        }
        return null;
    }
}
