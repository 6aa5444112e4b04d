package dev.augur.llm;

import io.vertx.core.Future;

/** Asynchronous access to a chat-completions model (SPEC 9). Implementations are thread-safe. */
public interface LlmClient {
    /** Sends one request (queued behind the client's limits); fails with {@link LlmException}. */
    Future<ChatResponse> chat(ChatRequest request);

    /** Counters over the client's lifetime, for the run report. */
    LlmUsage usage();

    /** Whether the endpoint is known to be unreachable now (prompts then wait for it to return). */
    default boolean endpointDown() {
        return false;
    }

    /** Fails queued requests, refuses new ones and frees the HTTP resources. Idempotent. */
    void close();
}
