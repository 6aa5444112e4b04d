package dev.augur.pipeline;

import dev.augur.llm.ChatMessage;
import dev.augur.llm.ChatRequest;
import dev.augur.llm.ChatResponse;
import dev.augur.llm.CompletionRequest;
import dev.augur.llm.CompletionResponse;
import dev.augur.llm.PromptToken;
import dev.augur.llm.LlmClient;
import dev.augur.llm.LlmUsage;
import dev.augur.tokenizer.TokenCounter;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An LLM client for {@code augur run --estimate} that never touches the network: each request
 * is answered at once with a typical answer of its stage ({@link TypicalAnswers}), and the
 * answer's usage is what the request would cost, counted with the run's tokenizer:
 * <pre>
 * prompt tokens     = sum over messages of (tokens of its content + {@value #TOKENS_PER_MESSAGE}) + {@value #TOKENS_PER_REPLY}
 * completion tokens = tokens of the typical answer
 * </pre>
 * A completions request (surprisal) costs the tokens of its prompts and one generated token
 * each; its answer gives every word of a prompt log-probability -1, so the scorer goes on.
 * The per-message and reply overheads stand for a chat template's role and delimiter tokens
 * (the counts OpenAI documents for its chat models). The stages tally these answers like a real
 * server's, so an estimate's requests are exact by construction.
 */
final class EstimatingClient implements LlmClient {
    static final int TOKENS_PER_MESSAGE = 4;
    static final int TOKENS_PER_REPLY = 3;
    private static final Pattern WORD = Pattern.compile("\\s*\\S+|\\s+$");

    private final TokenCounter counter;
    private final LlmUsage usage = new LlmUsage(); // nothing is sent: stays at zero

    EstimatingClient(TokenCounter counter) {
        this.counter = Objects.requireNonNull(counter, "counter");
    }

    /** The client as {@code stage} ("explainer" or a scorer's name) sees it: its answers fit the stage. */
    LlmClient forStage(String stage) {
        EstimatingClient self = this;
        return new dev.augur.llm.LlmClientView(this) {
            @Override
            public Future<ChatResponse> chat(ChatRequest request) {
                return Future.succeededFuture(self.answer(request, TypicalAnswers.forStage(stage, request)));
            }
        };
    }

    @Override
    public Future<ChatResponse> chat(ChatRequest request) {
        return Future.succeededFuture(answer(request, "0"));
    }

    @Override
    public Future<CompletionResponse> complete(CompletionRequest request) {
        List<List<PromptToken>> tokens = new ArrayList<>();
        int prompt = 0;
        for (String p : request.prompts()) {
            tokens.add(wordTokens(p));
            prompt += counter.count(p);
        }
        return Future.succeededFuture(new CompletionResponse(tokens, prompt, request.prompts().size()));
    }

    /** One token per word (with its leading white space), then the generated one at the end. */
    private static List<PromptToken> wordTokens(String prompt) {
        List<PromptToken> out = new ArrayList<>();
        Matcher m = WORD.matcher(prompt);
        while (m.find()) {
            out.add(new PromptToken(m.group(), prompt.codePointCount(0, m.start()), out.isEmpty() ? Double.NaN : -1.0));
        }
        out.add(new PromptToken("0", prompt.codePointCount(0, prompt.length()), -1.0));
        return out;
    }

    /** The tokens a server would count for this request's messages. */
    int promptTokens(List<ChatMessage> messages) {
        int n = TOKENS_PER_REPLY;
        for (ChatMessage m : messages) {
            n += counter.count(m.content()) + TOKENS_PER_MESSAGE;
        }
        return n;
    }

    private ChatResponse answer(ChatRequest request, String content) {
        return new ChatResponse(content, List.of(), promptTokens(request.messages()),
            Math.max(1, counter.count(content)));
    }

    @Override
    public LlmUsage usage() {
        return usage;
    }

    @Override
    public void close() {
        // holds nothing: the counter is its caller's
    }
}
