package dev.augur.testing;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.ToDoubleBiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fake OpenAI chat-completions server, the project's ONLY stand-in for an LLM: a real Vert.x
 * HttpServer on 127.0.0.1 (random port) that speaks the OpenAI chat-completions protocol
 * ({@code POST /v1/chat/completions}, SPEC 9), and the legacy completions endpoint
 * ({@code POST /v1/completions}, its prompt echoed with log-probabilities the test chooses: see
 * {@link #echo}), and answers whatever the test's function says —
 * text with optional logprobs and usage, an HTTP error with Retry-After, a delay, a hang, or a
 * broken body. It records every request body and Authorization header, the arrival times, and
 * the largest number of requests it had in flight at once.
 */
public final class FakeOpenAiServer {
    /** What to answer to one request. Build with the static factories and the {@code with...} methods. */
    public record Reply(int status, String content, JsonArray logprobs, int promptTokens,
                        int completionTokens, String rawBody, String retryAfter, long delayMs,
                        boolean hangs) {
        /** A normal answer with usage 10 prompt / 5 completion tokens. */
        public static Reply text(String content) {
            return new Reply(200, content, null, 10, 5, null, null, 0, false);
        }

        /** An HTTP status with this body (e.g. 429, 500, 400). */
        public static Reply status(int status, String body) {
            return new Reply(status, null, null, 0, 0, body, null, 0, false);
        }

        /** A 200 whose body is not JSON. */
        public static Reply invalidJson() {
            return new Reply(200, null, null, 0, 0, "{\"choices\": [ this is not json", null, 0, false);
        }

        /** A 200 with any raw body (e.g. valid JSON without choices[0].message.content). */
        public static Reply raw(String body) {
            return new Reply(200, null, null, 0, 0, body, null, 0, false);
        }

        /**
         * A completions answer to {@code request} (its {@code prompt}, one string or a list) as
         * vLLM gives it with {@code echo} and {@code logprobs}: per prompt, its tokens (see
         * {@link #fakeTokens}) with {@code logprob.applyAsDouble(prompt, token)} each (null for the
         * first), their {@code text_offset} in code points, then one generated token {@code "."}
         * at the prompt's end; usage counts those tokens.
         */
        public static Reply echo(JsonObject request, ToDoubleBiFunction<String, String> logprob) {
            return echo(request, logprob, null);
        }

        /**
         * As {@link #echo(JsonObject, ToDoubleBiFunction)}, with a special start token {@code bos}
         * (e.g. {@code <|begin_of_text|>}) echoed in front of each prompt, as servers of models
         * with one do: its text counts in the offsets of the tokens after it.
         */
        public static Reply echo(JsonObject request, ToDoubleBiFunction<String, String> logprob, String bos) {
            Object p = request.getValue("prompt");
            List<String> prompts = new ArrayList<>();
            if (p instanceof JsonArray a) {
                a.forEach(x -> prompts.add((String) x));
            } else {
                prompts.add((String) p);
            }
            JsonArray choices = new JsonArray();
            int promptTokens = 0;
            for (int i = 0; i < prompts.size(); i++) {
                String prompt = prompts.get(i);
                JsonArray tokens = new JsonArray();
                JsonArray values = new JsonArray();
                JsonArray offsets = new JsonArray();
                int shift = bos == null ? 0 : bos.codePointCount(0, bos.length());
                if (bos != null) {
                    tokens.add(bos);
                    values.add(null);
                    offsets.add(0);
                }
                Matcher m = TOKEN.matcher(prompt);
                while (m.find()) {
                    values.add(tokens.isEmpty() ? null : logprob.applyAsDouble(prompt, m.group()));
                    tokens.add(m.group());
                    offsets.add(shift + prompt.codePointCount(0, m.start()));
                }
                promptTokens += tokens.size();
                tokens.add(".");
                values.add(-0.25);
                offsets.add(shift + prompt.codePointCount(0, prompt.length()));
                choices.add(new JsonObject().put("index", i).put("text", prompt + ".").put("finish_reason", "length")
                    .put("logprobs", new JsonObject().put("tokens", tokens).put("token_logprobs", values)
                        .put("text_offset", offsets).put("top_logprobs", new JsonArray())));
            }
            return raw(new JsonObject().put("id", "cmpl-fake").put("object", "text_completion")
                .put("choices", choices).put("usage", new JsonObject().put("prompt_tokens", promptTokens)
                    .put("completion_tokens", prompts.size()).put("total_tokens", promptTokens + prompts.size()))
                .encode());
        }

        /** Never answers; the connection stays open until the client gives up. */
        public static Reply hang() {
            return new Reply(200, null, null, 0, 0, null, null, 0, true);
        }

        /** {@code choices[0].logprobs.content}: see {@link FakeOpenAiServer#logprob}. */
        public Reply withLogprobs(JsonArray content) {
            return new Reply(status, this.content, content, promptTokens, completionTokens, rawBody,
                retryAfter, delayMs, hangs);
        }

        public Reply withUsage(int prompt, int completion) {
            return new Reply(status, content, logprobs, prompt, completion, rawBody, retryAfter,
                delayMs, hangs);
        }

        /** A Retry-After header: seconds or an HTTP date. */
        public Reply withRetryAfter(String value) {
            return new Reply(status, content, logprobs, promptTokens, completionTokens, rawBody, value,
                delayMs, hangs);
        }

        /** Wait this long before answering. */
        public Reply withDelay(long ms) {
            return new Reply(status, content, logprobs, promptTokens, completionTokens, rawBody,
                retryAfter, ms, hangs);
        }

        String body(String model) {
            if (rawBody != null) {
                return rawBody;
            }
            JsonObject choice = new JsonObject().put("index", 0).put("finish_reason", "stop")
                .put("message", new JsonObject().put("role", "assistant").put("content", content));
            if (logprobs != null) {
                choice.put("logprobs", new JsonObject().put("content", logprobs));
            }
            return new JsonObject().put("id", "chatcmpl-fake").put("object", "chat.completion")
                .put("model", model).put("choices", new JsonArray().add(choice))
                .put("usage", new JsonObject().put("prompt_tokens", promptTokens)
                    .put("completion_tokens", completionTokens)
                    .put("total_tokens", promptTokens + completionTokens))
                .encode();
        }
    }

    /** The fake's tokens: a line break alone, or a word with the spaces before it, or trailing spaces. */
    private static final Pattern TOKEN = Pattern.compile("\\r?\\n|[^\\S\\r\\n]*[^\\s]+|[^\\S\\r\\n]+");

    /** How {@link Reply#echo} splits a prompt into tokens. */
    public static List<String> fakeTokens(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = TOKEN.matcher(text);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    private final Vertx vertx;
    private final Function<JsonObject, Reply> answer;
    private final long fixedDelayMs;
    private final List<JsonObject> requests = Collections.synchronizedList(new ArrayList<>());
    private final List<String> authorizations = Collections.synchronizedList(new ArrayList<>());
    private final List<String> paths = Collections.synchronizedList(new ArrayList<>());
    private final List<Long> arrivalNanos = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private HttpServer server;
    private volatile boolean keepBodies = true;

    private FakeOpenAiServer(Vertx vertx, Function<JsonObject, Reply> answer, long fixedDelayMs) {
        this.vertx = vertx;
        this.answer = answer;
        this.fixedDelayMs = fixedDelayMs;
    }

    public static Future<FakeOpenAiServer> start(Vertx vertx, Function<JsonObject, Reply> answer) {
        return start(vertx, answer, 0);
    }

    /** As {@link #start(Vertx, Function)}, adding {@code fixedDelayMs} before every answer (benchmarks). */
    public static Future<FakeOpenAiServer> start(Vertx vertx, Function<JsonObject, Reply> answer,
                                                 long fixedDelayMs) {
        return listen(new FakeOpenAiServer(vertx, answer, fixedDelayMs), 0);
    }

    /**
     * As {@link #start(Vertx, Function)} on a given port: a server that comes back where a closed
     * one was (an endpoint that refused connections for a while and then recovers).
     */
    public static Future<FakeOpenAiServer> startOnPort(Vertx vertx, Function<JsonObject, Reply> answer,
                                                       int port) {
        return listen(new FakeOpenAiServer(vertx, answer, 0), port);
    }

    private static Future<FakeOpenAiServer> listen(FakeOpenAiServer fake, int port) {
        return fake.vertx.createHttpServer().requestHandler(fake::handle).listen(port, "127.0.0.1")
            .map(s -> {
                fake.server = s;
                return fake;
            });
    }

    /** One {@code choices[0].logprobs.content} entry; {@code top} alternates token, logprob, ... */
    public static JsonObject logprob(String token, double logprob, Object... top) {
        JsonArray alternatives = new JsonArray();
        for (int i = 0; i + 1 < top.length; i += 2) {
            alternatives.add(new JsonObject().put("token", top[i]).put("logprob", top[i + 1]));
        }
        return new JsonObject().put("token", token).put("logprob", logprob).put("top_logprobs", alternatives);
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port() + "/v1";
    }

    public int port() {
        return server.actualPort();
    }

    /** Every parsed request body, in arrival order (a snapshot). */
    public List<JsonObject> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    /** The Authorization header of every request, "" when absent, in arrival order. */
    public List<String> authorizations() {
        synchronized (authorizations) {
            return List.copyOf(authorizations);
        }
    }

    /** The path of every request, in arrival order (/v1/chat/completions or /v1/completions). */
    public List<String> paths() {
        synchronized (paths) {
            return List.copyOf(paths);
        }
    }

    /** System.nanoTime() at each request's arrival, in order. */
    public List<Long> arrivalNanos() {
        synchronized (arrivalNanos) {
            return List.copyOf(arrivalNanos);
        }
    }

    /** Requests received so far (cheap: no copy). */
    public int requestCount() {
        return arrivalNanos.size();
    }

    /** Stop keeping request bodies (long benchmarks: the log would grow with the run). */
    public FakeOpenAiServer forgetBodies() {
        keepBodies = false;
        return this;
    }

    /** The most requests this server held unanswered at the same time. */
    public int maxInFlight() {
        return maxInFlight.get();
    }

    public Future<Void> close() {
        return server == null ? Future.succeededFuture() : server.close();
    }

    private void handle(HttpServerRequest req) {
        HttpServerResponse resp = req.response();
        boolean known = req.path().equals("/v1/chat/completions") || req.path().equals("/v1/completions");
        if (!known || !req.method().equals(HttpMethod.POST)) {
            resp.setStatusCode(404).end("{\"error\":{\"message\":\"not found\"}}");
            return;
        }
        paths.add(req.path());
        arrivalNanos.add(System.nanoTime());
        String auth = req.getHeader("Authorization");
        authorizations.add(auth == null ? "" : auth);
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        AtomicBoolean done = new AtomicBoolean();
        Runnable finished = () -> {
            if (done.compareAndSet(false, true)) {
                inFlight.decrementAndGet();
            }
        };
        resp.closeHandler(v -> finished.run());
        req.body().onComplete(ar -> {
            JsonObject body;
            Reply reply;
            try {
                body = ar.result().toJsonObject();
                if (keepBodies) {
                    requests.add(body);
                }
                reply = answer.apply(body);
            } catch (RuntimeException e) {
                finished.run();
                resp.setStatusCode(400).end(new JsonObject().put("error",
                    new JsonObject().put("message", "fake server: " + e)).encode());
                return;
            }
            if (reply.hangs()) {
                return;
            }
            long delay = fixedDelayMs + reply.delayMs();
            Runnable send = () -> {
                finished.run();
                if (resp.closed() || resp.ended()) {
                    return;
                }
                resp.setStatusCode(reply.status()).putHeader("Content-Type", "application/json");
                if (reply.retryAfter() != null) {
                    resp.putHeader("Retry-After", reply.retryAfter());
                }
                resp.end(reply.body(body.getString("model", "fake")));
            };
            if (delay > 0) {
                vertx.setTimer(delay, id -> send.run());
            } else {
                send.run();
            }
        });
    }
}
