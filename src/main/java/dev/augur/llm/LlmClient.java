package dev.augur.llm;

import io.vertx.core.Future;

/** Asynchronous access to a chat-completions model (SPEC 9). Implementations are thread-safe. */
public interface LlmClient {
    /** Sends one request (queued behind the client's limits); fails with {@link LlmException}. */
    Future<ChatResponse> chat(ChatRequest request);

    /** Counters over the client's lifetime, for the run report. */
    LlmUsage usage();

    /**
     * True while the client holds its requests because the endpoint looks down (refused
     * connections or 5xx) and it is probing for the endpoint's return; for monitoring.
     */
    default boolean endpointDown() {
        return false;
    }

    /** Fails queued requests, refuses new ones and frees the HTTP resources. Idempotent. */
    void close();
}
