package dev.augur.llm;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/** The wire format of OpenAI-compatible chat completions (SPEC 9), free of any I/O. */
final class OpenAiProtocol {
    private OpenAiProtocol() {
    }

    /** A 2xx answer that cannot be used. Its message never quotes the body (the caller excerpts it). */
    static final class BadResponse extends Exception {
        BadResponse(String message) {
            super(message, null, false, false);
        }
    }

    static JsonObject requestBody(ChatRequest request, LlmConfig config) {
        JsonArray messages = new JsonArray();
        for (ChatMessage m : request.messages()) {
            messages.add(new JsonObject().put("role", m.role()).put("content", m.content()));
        }
        JsonObject body = new JsonObject()
            .put("model", config.model())
            .put("messages", messages)
            .put("max_tokens", request.maxTokens() > 0 ? request.maxTokens() : config.maxTokens())
            .put("temperature", Double.isNaN(request.temperature()) ? config.temperature()
                : request.temperature());
        if (request.logprobs()) {
            body.put("logprobs", true);
            if (request.topLogprobs() > 0) {
                body.put("top_logprobs", request.topLogprobs());
            }
        }
        return body;
    }

    static ChatResponse parseResponse(String text) throws BadResponse {
        JsonObject root;
        try {
            root = new JsonObject(text == null ? "" : text);
        } catch (RuntimeException e) {
            throw new BadResponse("response body is not a JSON object");
        }
        try {
            JsonArray choices = root.getJsonArray("choices");
            JsonObject choice = choices == null || choices.isEmpty() ? null : choices.getJsonObject(0);
            JsonObject message = choice == null ? null : choice.getJsonObject("message");
            String content = message == null ? null : message.getString("content");
            if (content == null) {
                throw new BadResponse("response has no choices[0].message.content");
            }
            List<TokenLogprob> logprobs = parseLogprobs(choice.getJsonObject("logprobs"));
            JsonObject usage = root.getJsonObject("usage");
            int prompt = usage == null ? 0 : intOrZero(usage, "prompt_tokens");
            int completion = usage == null ? 0 : intOrZero(usage, "completion_tokens");
            return new ChatResponse(content, logprobs, prompt, completion);
        } catch (RuntimeException e) { // wrong types, null entries
            throw new BadResponse("response JSON has an unexpected shape");
        }
    }

    private static List<TokenLogprob> parseLogprobs(JsonObject logprobs) {
        JsonArray content = logprobs == null ? null : logprobs.getJsonArray("content");
        if (content == null) {
            return List.of();
        }
        List<TokenLogprob> out = new ArrayList<>(content.size());
        for (int i = 0; i < content.size(); i++) {
            JsonObject entry = content.getJsonObject(i);
            List<TopLogprob> top = new ArrayList<>();
            JsonArray alternatives = entry.getJsonArray("top_logprobs");
            if (alternatives != null) {
                for (int j = 0; j < alternatives.size(); j++) {
                    JsonObject alt = alternatives.getJsonObject(j);
                    top.add(new TopLogprob(stringOrEmpty(alt, "token"), logprob(alt)));
                }
            }
            out.add(new TokenLogprob(stringOrEmpty(entry, "token"), logprob(entry), top));
        }
        return out;
    }

    private static double logprob(JsonObject o) {
        Double v = o.getDouble("logprob");
        return v == null ? Double.NEGATIVE_INFINITY : v;
    }

    private static String stringOrEmpty(JsonObject o, String key) {
        String s = o.getString(key);
        return s == null ? "" : s;
    }

    private static int intOrZero(JsonObject o, String key) {
        Integer v = o.getInteger(key);
        return v == null ? 0 : v;
    }

    /**
     * Milliseconds asked for by a {@code Retry-After} header: delta-seconds (decimals tolerated) or
     * an HTTP date relative to {@code nowMs}; -1 when absent or unreadable.
     */
    static long retryAfterMs(String header, long nowMs) {
        if (header == null || header.isBlank()) {
            return -1;
        }
        String h = header.strip();
        if (h.matches("\\d{1,9}(\\.\\d+)?")) {
            return (long) Math.ceil(Double.parseDouble(h) * 1000);
        }
        try {
            long at = ZonedDateTime.parse(h, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli();
            return Math.max(0, at - nowMs);
        } catch (DateTimeParseException e) {
            return -1;
        }
    }

    /** The upper bound of the full-jitter wait before retry number {@code retry} (1-based). */
    static long backoffCapMs(int retry, long initialMs, long maxMs) {
        int shift = Math.max(0, retry - 1);
        if (shift >= 62 || initialMs > (maxMs >> shift)) {
            return maxMs;
        }
        return Math.min(maxMs, initialMs << shift);
    }
}
