package dev.augur.llm;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * The wire format of OpenAI's legacy completions endpoint ({@code POST <base>/completions}) used
 * to read the log-probabilities of a prompt's own tokens, free of any I/O.
 *
 * <p>The request echoes the prompt ({@code echo: true}) with {@code logprobs: 1} and generates
 * one token ({@code max_tokens: 1}): vLLM refuses {@code max_tokens: 0}, and the extra token is
 * told apart by its offset (at or past the prompt's end). The answer's
 * {@code choices[i].logprobs} holds parallel lists {@code tokens}, {@code token_logprobs} (null
 * for the first token) and {@code text_offset} (code points into the prompt).
 */
final class CompletionsProtocol {
    private CompletionsProtocol() {
    }

    static JsonObject requestBody(CompletionRequest request, LlmConfig config) {
        List<String> prompts = request.prompts();
        return new JsonObject()
            .put("model", config.model())
            .put("prompt", prompts.size() == 1 ? prompts.get(0) : new JsonArray(new ArrayList<>(prompts)))
            .put("max_tokens", 1)
            .put("temperature", 0.0)
            .put("echo", true)
            .put("logprobs", 1);
    }

    /**
     * The answer to a request of {@code prompts} prompts. A choice without log-probabilities is
     * an empty token list (a server that does not echo them; the caller counts its samples as
     * failed rather than retrying a request that will never get them).
     */
    static CompletionResponse parseResponse(String text, int prompts) throws OpenAiProtocol.BadResponse {
        JsonObject root;
        try {
            root = new JsonObject(text == null ? "" : text);
        } catch (RuntimeException e) {
            throw new OpenAiProtocol.BadResponse("response body is not a JSON object");
        }
        try {
            JsonArray choices = root.getJsonArray("choices");
            if (choices == null || choices.size() != prompts) {
                throw new OpenAiProtocol.BadResponse("response has " + (choices == null ? 0 : choices.size())
                    + " choices for " + prompts + (prompts == 1 ? " prompt" : " prompts"));
            }
            List<List<PromptToken>> byPrompt = new ArrayList<>(prompts);
            for (int i = 0; i < prompts; i++) {
                byPrompt.add(null);
            }
            for (int i = 0; i < prompts; i++) {
                JsonObject choice = choices.getJsonObject(i);
                Integer index = choice.getInteger("index");
                int at = index == null ? i : index;
                if (at < 0 || at >= prompts || byPrompt.get(at) != null) {
                    throw new OpenAiProtocol.BadResponse("response choices have wrong or repeated indices");
                }
                byPrompt.set(at, tokens(choice.getJsonObject("logprobs")));
            }
            JsonObject usage = root.getJsonObject("usage");
            return new CompletionResponse(byPrompt, usage == null ? 0 : intOrZero(usage, "prompt_tokens"),
                usage == null ? 0 : intOrZero(usage, "completion_tokens"));
        } catch (RuntimeException e) { // wrong types, null entries
            throw new OpenAiProtocol.BadResponse("response JSON has an unexpected shape");
        }
    }

    private static List<PromptToken> tokens(JsonObject logprobs) throws OpenAiProtocol.BadResponse {
        JsonArray tokens = logprobs == null ? null : logprobs.getJsonArray("tokens");
        JsonArray values = logprobs == null ? null : logprobs.getJsonArray("token_logprobs");
        JsonArray offsets = logprobs == null ? null : logprobs.getJsonArray("text_offset");
        if (tokens == null || values == null || offsets == null) {
            return List.of();
        }
        if (tokens.size() != values.size() || tokens.size() != offsets.size()) {
            throw new OpenAiProtocol.BadResponse("response logprobs lists differ in length");
        }
        List<PromptToken> out = new ArrayList<>(tokens.size());
        for (int i = 0; i < tokens.size(); i++) {
            Double v = values.getDouble(i);
            out.add(new PromptToken(tokens.getString(i), offsets.getInteger(i), v == null ? Double.NaN : v));
        }
        return out;
    }

    private static int intOrZero(JsonObject o, String key) {
        Integer v = o.getInteger(key);
        return v == null ? 0 : v;
    }
}
