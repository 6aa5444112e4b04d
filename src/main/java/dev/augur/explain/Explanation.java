package dev.augur.explain;

/**
 * One latent's explanation. {@code parsed} is false when the model's answer had no
 * {@code [EXPLANATION]:} line (the text is then {@link #UNPARSABLE}); {@code source} says where
 * it came from ("llm", "file", "random:<other latent>").
 */
public record Explanation(String text, boolean parsed, String source) {
    public static final String UNPARSABLE = "Explanation could not be parsed.";
}
