package dev.augur.llm;

import java.util.List;
import java.util.Objects;

/**
 * One call to the legacy completions endpoint that asks for the log-probabilities of the
 * prompts' own tokens (echo), for scorers that measure a model's loss on a text (surprisal).
 * Several prompts go in one request, as OpenAI's {@code prompt} list allows; each gets its own
 * choice in the answer.
 */
public record CompletionRequest(List<String> prompts) {
    public CompletionRequest {
        Objects.requireNonNull(prompts, "prompts");
        prompts = List.copyOf(prompts);
        if (prompts.isEmpty()) {
            throw new IllegalArgumentException("a completion request needs at least one prompt");
        }
    }
}
