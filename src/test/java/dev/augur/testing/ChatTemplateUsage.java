package dev.augur.testing;

import dev.augur.tokenizer.TokenCounter;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.function.Function;

/**
 * Usage as a real server reports it, for the test LLM server: prompt tokens counted the way a
 * ChatML model (e.g. Qwen under vLLM) counts its rendered prompt, {@code <|im_start|>role\n
 * content<|im_end|>\n} per message plus {@code <|im_start|>assistant\n}, the two markers one
 * special token each and the rest encoded with a real tokenizer; completion tokens are the
 * answer's tokens.
 */
public final class ChatTemplateUsage {
    private final TokenCounter counter;

    public ChatTemplateUsage(TokenCounter counter) {
        this.counter = counter;
    }

    public int promptTokens(JsonObject request) {
        JsonArray messages = request.getJsonArray("messages");
        int n = 0;
        for (int i = 0; i < messages.size(); i++) {
            JsonObject m = messages.getJsonObject(i);
            n += 1 + counter.count(m.getString("role") + "\n" + m.getString("content")) + 1 + counter.count("\n");
        }
        return n + 1 + counter.count("assistant\n");
    }

    /** {@code answer}'s replies, each with this usage. */
    public Function<JsonObject, FakeOpenAiServer.Reply> reporting(Function<JsonObject, FakeOpenAiServer.Reply> answer) {
        return request -> {
            FakeOpenAiServer.Reply r = answer.apply(request);
            return r.status() != 200 || r.content() == null ? r
                : r.withUsage(promptTokens(request), counter.count(r.content()));
        };
    }
}
