package dev.augur.llm;

import java.util.List;

/**
 * The answer of one chat-completions call: the text at {@code choices[0].message.content}, the
 * per-token log-probabilities (empty when the server sent none) and the token usage (0 when absent).
 */
public record ChatResponse(String content, List<TokenLogprob> logprobs, int promptTokens,
                           int completionTokens) {
    public ChatResponse {
        logprobs = logprobs == null ? List.of() : List.copyOf(logprobs);
    }
}
