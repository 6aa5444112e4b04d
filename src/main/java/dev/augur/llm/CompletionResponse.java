package dev.augur.llm;

import java.util.List;

/**
 * The answer of a {@link CompletionRequest}: for each prompt, in request order, its tokens with
 * their log-probabilities as the server echoed them (empty when the server sent none), then any
 * tokens it generated; and the usage the server reported (0 when absent).
 */
public record CompletionResponse(List<List<PromptToken>> tokens, int promptTokens, int completionTokens)
    implements LlmAnswer {
    public CompletionResponse {
        tokens = tokens.stream().map(List::copyOf).toList();
    }
}
