package dev.augur.pipeline;

import dev.augur.llm.ChatMessage;
import dev.augur.llm.ChatRequest;
import dev.augur.llm.ChatResponse;
import dev.augur.llm.CompletionRequest;
import dev.augur.llm.CompletionResponse;
import dev.augur.llm.LlmClient;
import dev.augur.llm.LlmClientView;
import dev.augur.run.StageUsage;

/**
 * The LLM usage of one stage request (one latent, one stage): every answer its prompts got,
 * with the tokens the server reported. An answer without a {@code usage} field is counted at
 * about four characters a token and the tally is marked estimated. Sent back to the latent's
 * coordinator in the stage's reply.
 */
final class UsageTally {
    /** Characters per token when the server reports no usage (English text, BPE tokenizers). */
    static final int CHARS_PER_TOKEN = 4;

    private long requests;
    private long prompt;
    private long completion;
    private boolean estimated;

    /** The client as this request uses it: every answer is tallied. */
    LlmClient watching(LlmClient client) {
        if (client == null) {
            return null;
        }
        return new LlmClientView(client) {
            @Override
            public io.vertx.core.Future<ChatResponse> chat(ChatRequest request) {
                return super.chat(request).onSuccess(r -> add(request, r));
            }

            @Override
            public io.vertx.core.Future<CompletionResponse> complete(CompletionRequest request) {
                return super.complete(request).onSuccess(r -> add(request, r));
            }
        };
    }

    synchronized void add(ChatRequest request, ChatResponse response) {
        requests++;
        if (response.promptTokens() > 0 || response.completionTokens() > 0) {
            prompt += response.promptTokens();
            completion += response.completionTokens();
            return;
        }
        estimated = true;
        long chars = request.messages().stream().map(ChatMessage::content).mapToLong(String::length).sum();
        prompt += (chars + CHARS_PER_TOKEN - 1) / CHARS_PER_TOKEN;
        String answer = response.content() == null ? "" : response.content();
        completion += (answer.length() + CHARS_PER_TOKEN - 1) / CHARS_PER_TOKEN;
    }

    /** A completions answer: without usage, prompts at four characters a token and one token each generated. */
    synchronized void add(CompletionRequest request, CompletionResponse response) {
        requests++;
        if (response.promptTokens() > 0 || response.completionTokens() > 0) {
            prompt += response.promptTokens();
            completion += response.completionTokens();
            return;
        }
        estimated = true;
        long chars = request.prompts().stream().mapToLong(String::length).sum();
        prompt += (chars + CHARS_PER_TOKEN - 1) / CHARS_PER_TOKEN;
        completion += request.prompts().size();
    }

    /** What was tallied, or null when no answer came (no LLM was asked). */
    synchronized StageUsage usage() {
        return requests == 0 ? null : new StageUsage(requests, prompt, completion, estimated);
    }
}
