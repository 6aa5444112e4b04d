package dev.augur.llm;

/**
 * One token of an echoed prompt: its text, where it starts in the prompt (in Unicode code
 * points, as the servers count {@code text_offset}) and its log-probability given what comes
 * before it (NaN for the prompt's first token, which has none).
 */
public record PromptToken(String text, int offset, double logprob) {
}
