package dev.augur.llm;

import io.vertx.core.AsyncResult;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import java.util.concurrent.TimeoutException;

/**
 * What one HTTP attempt of {@link OpenAiClient} came to: a response, or a failure that is
 * retryable or not, with what it says about the endpoint ({@link EndpointCircuit.Signal}).
 * Messages are single-line and never hold the API key.
 */
record AttemptOutcome(LlmAnswer response, boolean retryable, int status, String message,
                      long retryAfterMs, EndpointCircuit.Signal signal) {
    private static final int EXCERPT_CHARS = 200;

    static AttemptOutcome failure(boolean retryable, int status, String message, long retryAfterMs,
                                  EndpointCircuit.Signal signal) {
        return new AttemptOutcome(null, retryable, status, message, retryAfterMs, signal);
    }

    /** Reads a 2xx body into an answer, or says why it cannot be used. */
    interface Parser {
        LlmAnswer parse(String body) throws OpenAiProtocol.BadResponse;
    }

    /** Classifies a chat-completions attempt's result; {@code nowMs} dates a {@code Retry-After}. */
    static AttemptOutcome classify(AsyncResult<HttpResponse<Buffer>> ar, LlmConfig config, String apiKey, long nowMs) {
        return classify(ar, config, apiKey, nowMs, OpenAiProtocol::parseResponse);
    }

    /** Classifies an attempt's result, its 2xx body read by {@code parser}. */
    static AttemptOutcome classify(AsyncResult<HttpResponse<Buffer>> ar, LlmConfig config, String apiKey, long nowMs,
                                   Parser parser) {
        if (ar.failed()) {
            Throwable t = ar.cause();
            if (isTimeout(t)) {
                return failure(true, -1, "no answer within " + config.requestTimeoutMs()
                    + " ms (request timeout)", -1, EndpointCircuit.Signal.TIMEOUT);
            }
            return failure(true, -1, "connection error: " + t.getClass().getSimpleName()
                + (t.getMessage() == null ? "" : ": " + t.getMessage()), -1, EndpointCircuit.Signal.DOWN);
        }
        HttpResponse<Buffer> r = ar.result();
        int status = r.statusCode();
        String body = r.bodyAsString();
        if (status == 429 || status >= 500) {
            return failure(true, status, "HTTP " + status + ": " + excerpt(apiKey, body),
                OpenAiProtocol.retryAfterMs(r.getHeader("Retry-After"), nowMs),
                status >= 500 ? EndpointCircuit.Signal.DOWN : EndpointCircuit.Signal.UP);
        }
        if (status < 200 || status >= 300) {
            String hint = status == 401 || status == 403
                ? " (check the API key in $" + config.apiKeyEnv() + ")" : "";
            return failure(false, status, "HTTP " + status + hint + ": " + excerpt(apiKey, body), -1,
                EndpointCircuit.Signal.UP);
        }
        try {
            return new AttemptOutcome(parser.parse(body), false, status, null, -1,
                EndpointCircuit.Signal.UP);
        } catch (OpenAiProtocol.BadResponse e) {
            // Retried like a 5xx: servers and proxies glitch (truncated bodies, HTML pages with 200,
            // a choice without content) and a second try usually answers properly.
            return failure(true, status, e.getMessage() + ": " + excerpt(apiKey, body), -1,
                EndpointCircuit.Signal.UP);
        }
    }

    private static boolean isTimeout(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof TimeoutException || c.getClass().getSimpleName().contains("Timeout")) {
                return true;
            }
        }
        return false;
    }

    static String redact(String apiKey, String s) {
        return apiKey == null || s == null ? s : s.replace(apiKey, "[redacted]");
    }

    /** A short, single-line, key-free excerpt of a response body. */
    private static String excerpt(String apiKey, String body) {
        if (body == null || body.isBlank()) {
            return "(empty body)";
        }
        String s = redact(apiKey, body).replaceAll("\\s+", " ").strip();
        return s.length() <= EXCERPT_CHARS ? s : s.substring(0, EXCERPT_CHARS) + "…";
    }
}
