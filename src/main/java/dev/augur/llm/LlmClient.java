package dev.augur.llm;

import io.vertx.core.Future;

/**
 * Asynchronous access to a model behind an OpenAI-compatible server (SPEC 9): chat completions,
 * and prompt log-probabilities from the completions endpoint. Implementations are thread-safe.
 */
public interface LlmClient {
    /** Sends one request (queued behind the client's limits); fails with {@link LlmException}. */
    Future<ChatResponse> chat(ChatRequest request);

    /**
     * Log-probabilities of the prompts' own tokens from the completions endpoint (echo), queued
     * behind the same limits as {@link #chat}; fails with {@link LlmException}. A client without
     * such an endpoint fails every call.
     */
    default Future<CompletionResponse> complete(CompletionRequest request) {
        return Future.failedFuture(new LlmException("this LLM client has no completions endpoint", -1, 0));
    }

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
