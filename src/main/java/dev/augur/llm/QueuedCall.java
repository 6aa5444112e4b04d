package dev.augur.llm;

import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import java.util.function.Function;

/**
 * One request as {@link OpenAiClient} schedules it: its body, which URL of an endpoint it goes
 * to (chat or completions) and how its answer is read, with the attempt bookkeeping. Only
 * touched on the client's context.
 */
final class QueuedCall {
    final Buffer body;
    final Function<Endpoint, String> url;
    final AttemptOutcome.Parser parser;
    final Promise<LlmAnswer> promise = Promise.promise();
    int attempts; // HTTP attempts started
    int waived; // failed attempts that do not count against maxRetries: the endpoint was down
    boolean attemptOpen;
    Endpoint at; // where the current or last attempt went
    long outageMark = -1; // circuit.outageNanos() when first queued
    int lastStatus = -1;
    String lastError;

    QueuedCall(Buffer body, Function<Endpoint, String> url, AttemptOutcome.Parser parser) {
        this.body = body;
        this.url = url;
        this.parser = parser;
    }

    int charged() {
        return attempts - waived;
    }

    /** Where the last attempt went, or null before the first. */
    String lastUrl() {
        return at == null ? null : url.apply(at);
    }
}
