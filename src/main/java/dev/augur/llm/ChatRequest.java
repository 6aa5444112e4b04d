package dev.augur.llm;

import java.util.List;
import java.util.Objects;

/**
 * One chat-completions call. {@code maxTokens <= 0} or a NaN {@code temperature} mean "use the
 * client's {@link LlmConfig} default". With {@code logprobs}, {@code topLogprobs} alternatives
 * per answer token are asked for (SPEC 7 uses 5).
 */
public record ChatRequest(List<ChatMessage> messages, int maxTokens, double temperature,
                          boolean logprobs, int topLogprobs) {
    public ChatRequest {
        Objects.requireNonNull(messages, "messages");
        messages = List.copyOf(messages);
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("a chat request needs at least one message");
        }
        if (topLogprobs < 0 || topLogprobs > 20) {
            throw new IllegalArgumentException("topLogprobs must be in 0..20, got " + topLogprobs);
        }
    }

    /** A plain request (no log-probabilities) with the client's default max tokens and temperature. */
    public static ChatRequest of(List<ChatMessage> messages) {
        return new ChatRequest(messages, 0, Double.NaN, false, 0);
    }
}
