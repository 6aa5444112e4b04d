package dev.augur.llm;

/** One alternative for an answer position: its token text and natural-log probability. */
public record TopLogprob(String token, double logprob) {
}
