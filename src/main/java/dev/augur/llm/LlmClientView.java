package dev.augur.llm;

import io.vertx.core.Future;
import java.util.Objects;

/**
 * A view of a client that others share: every call goes to it, and {@link #close()} does
 * nothing (its owner closes it). Subclasses watch the calls, e.g. to count one stage's prompts.
 */
public class LlmClientView implements LlmClient {
    private final LlmClient shared;

    public LlmClientView(LlmClient shared) {
        this.shared = Objects.requireNonNull(shared, "shared");
    }

    @Override
    public Future<ChatResponse> chat(ChatRequest request) {
        return shared.chat(request);
    }

    @Override
    public Future<CompletionResponse> complete(CompletionRequest request) {
        return shared.complete(request);
    }

    @Override
    public LlmUsage usage() {
        return shared.usage();
    }

    @Override
    public boolean endpointDown() {
        return shared.endpointDown();
    }

    @Override
    public void close() {
        // shared: its owner closes it
    }
}
