package dev.augur.run;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one stage of one latent cost: requests answered, prompt and completion tokens. Tokens
 * come from the server's {@code usage} field; {@code estimated} is true when at least one
 * answer had none and its tokens were estimated instead.
 */
public record StageUsage(long requests, long promptTokens, long completionTokens, boolean estimated) {
    public static final StageUsage NONE = new StageUsage(0, 0, 0, false);

    public StageUsage plus(StageUsage o) {
        return new StageUsage(requests + o.requests, promptTokens + o.promptTokens,
            completionTokens + o.completionTokens, estimated || o.estimated);
    }

    public long totalTokens() {
        return promptTokens + completionTokens;
    }

    /** As written in done/&lt;latent&gt;.json and latents.jsonl. */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("requests", requests);
        m.put("prompt_tokens", promptTokens);
        m.put("completion_tokens", completionTokens);
        if (estimated) {
            m.put("estimated", true);
        }
        return m;
    }

    /** Reads {@link #toJson()}'s form (missing numbers are 0). */
    public static StageUsage fromJson(Map<?, ?> m) {
        return new StageUsage(number(m.get("requests")), number(m.get("prompt_tokens")),
            number(m.get("completion_tokens")), Boolean.TRUE.equals(m.get("estimated")));
    }

    private static long number(Object o) {
        return o instanceof Number n ? n.longValue() : 0;
    }

    /** Per-stage usage as a JSON object, stages in the map's order. */
    public static Map<String, Object> toJson(Map<String, StageUsage> byStage) {
        Map<String, Object> m = new LinkedHashMap<>();
        byStage.forEach((k, v) -> m.put(k, v.toJson()));
        return m;
    }
}
