package dev.augur.llm;

import java.util.List;

/**
 * The answer of one chat-completions call: the text at {@code choices[0].message.content}, the
 * per-token log-probabilities (empty when the server sent none) and the token usage (0 when absent).
 * {@code cached}: it came from the response cache, not from a server (its usage is what the server
 * reported when it first answered; the tokens were not paid again).
 */
public record ChatResponse(String content, List<TokenLogprob> logprobs, int promptTokens,
                           int completionTokens, boolean cached) implements LlmAnswer {
    public ChatResponse {
        logprobs = logprobs == null ? List.of() : List.copyOf(logprobs);
    }

    /** An answer a server just gave. */
    public ChatResponse(String content, List<TokenLogprob> logprobs, int promptTokens, int completionTokens) {
        this(content, logprobs, promptTokens, completionTokens, false);
    }

    /** The same answer, marked as coming from the response cache. */
    public ChatResponse fromCache() {
        return new ChatResponse(content, logprobs, promptTokens, completionTokens, true);
    }
}
