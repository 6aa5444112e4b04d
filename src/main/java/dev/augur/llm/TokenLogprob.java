package dev.augur.llm;

import java.util.List;

/** One answer token with its log-probability and the server's top alternatives at that position. */
public record TokenLogprob(String token, double logprob, List<TopLogprob> top) {
    public TokenLogprob {
        top = top == null ? List.of() : List.copyOf(top);
    }
}
