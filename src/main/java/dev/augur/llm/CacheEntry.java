package dev.augur.llm;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The file format of one {@link ResponseCache} entry: a JSON object with the format, the key and
 * the answer (content, token usage, log-probabilities). A log-probability that is not finite is
 * written as null (JSON has no -Infinity) and read back as -Infinity, as a missing one parses.
 */
final class CacheEntry {
    private CacheEntry() {
    }

    static byte[] write(String key, ChatResponse r) {
        JsonArray logprobs = new JsonArray();
        for (TokenLogprob t : r.logprobs()) {
            JsonArray top = new JsonArray();
            for (TopLogprob alt : t.top()) {
                top.add(new JsonObject().put("token", alt.token()).put("logprob", finite(alt.logprob())));
            }
            logprobs.add(new JsonObject().put("token", t.token()).put("logprob", finite(t.logprob()))
                .put("top", top));
        }
        JsonObject response = new JsonObject().put("content", r.content())
            .put("prompt_tokens", r.promptTokens()).put("completion_tokens", r.completionTokens())
            .put("logprobs", logprobs);
        return new JsonObject().put("format", ResponseCache.FORMAT).put("key", key).put("response", response)
            .encode().getBytes(StandardCharsets.UTF_8);
    }

    /** The answer in {@code bytes}; empty unless it is a whole entry of this format for {@code key}. */
    static Optional<ChatResponse> read(byte[] bytes, String key) {
        try {
            JsonObject root = new JsonObject(new String(bytes, StandardCharsets.UTF_8));
            if (!ResponseCache.FORMAT.equals(root.getString("format")) || !key.equals(root.getString("key"))) {
                return Optional.empty();
            }
            JsonObject r = root.getJsonObject("response");
            String content = r.getString("content");
            Integer prompt = r.getInteger("prompt_tokens");
            Integer completion = r.getInteger("completion_tokens");
            JsonArray logprobs = r.getJsonArray("logprobs");
            if (content == null || prompt == null || completion == null || logprobs == null) {
                return Optional.empty();
            }
            List<TokenLogprob> tokens = new ArrayList<>(logprobs.size());
            for (int i = 0; i < logprobs.size(); i++) {
                JsonObject t = logprobs.getJsonObject(i);
                List<TopLogprob> top = new ArrayList<>();
                JsonArray alts = t.getJsonArray("top");
                for (int j = 0; j < alts.size(); j++) {
                    JsonObject alt = alts.getJsonObject(j);
                    top.add(new TopLogprob(alt.getString("token"), logprob(alt)));
                }
                tokens.add(new TokenLogprob(t.getString("token"), logprob(t), top));
            }
            return Optional.of(new ChatResponse(content, tokens, prompt, completion));
        } catch (RuntimeException e) { // not JSON (truncated), wrong types, missing parts
            return Optional.empty();
        }
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    private static double logprob(JsonObject o) {
        if (!o.containsKey("logprob")) {
            throw new IllegalArgumentException("no logprob");
        }
        Double v = o.getDouble("logprob");
        return v == null ? Double.NEGATIVE_INFINITY : v;
    }
}
