package dev.augur.llm;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A client that answers a request from its {@link ResponseCache} when the same request (same
 * model, sampling parameters and messages) was answered before, and asks the server otherwise,
 * keeping its answer. Cached answers are marked ({@link ChatResponse#cached()}) and counted in
 * {@link LlmUsage#cacheHits()}, not as requests. The cache's file I/O runs on worker threads,
 * never on an event loop. A cache that cannot be read or written costs calls, never a request:
 * the first such failure is logged once.
 */
final class CachedLlmClient implements LlmClient {
    private static final System.Logger LOG = System.getLogger("dev.augur.llm");

    private final Vertx vertx;
    private final LlmClient server;
    private final LlmConfig config;
    private final ResponseCache cache;
    private final AtomicBoolean warned = new AtomicBoolean();

    CachedLlmClient(Vertx vertx, LlmClient server, LlmConfig config, ResponseCache cache) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.server = Objects.requireNonNull(server, "server");
        this.config = Objects.requireNonNull(config, "config");
        this.cache = Objects.requireNonNull(cache, "cache");
    }

    @Override
    public Future<ChatResponse> chat(ChatRequest request) {
        String key = ResponseCache.key(OpenAiProtocol.requestBody(request, config));
        Future<Optional<ChatResponse>> lookup = vertx.executeBlocking(() -> cache.get(key), false);
        return lookup.otherwise(e -> {
            warnOnce("read", e);
            return Optional.empty();
        }).compose(hit -> {
            if (hit.isPresent()) {
                ChatResponse r = hit.get();
                usage().countCacheHit(r.promptTokens(), r.completionTokens());
                return Future.succeededFuture(r.fromCache());
            }
            usage().countCacheMiss();
            return server.chat(request).compose(r -> vertx.executeBlocking(() -> {
                cache.put(key, r);
                return r;
            }, false).otherwise(e -> {
                warnOnce("write", e);
                return r;
            }));
        });
    }

    /** Not cached: the cache's entries are chat answers. */
    @Override
    public Future<CompletionResponse> complete(CompletionRequest request) {
        return server.complete(request);
    }

    private void warnOnce(String what, Throwable e) {
        if (warned.compareAndSet(false, true)) {
            LOG.log(System.Logger.Level.WARNING, "LLM response cache " + cache.dir() + ": cannot " + what
                + " an entry (" + e + "); requests go to the server");
        }
    }

    @Override
    public LlmUsage usage() {
        return server.usage();
    }

    @Override
    public boolean endpointDown() {
        return server.endpointDown();
    }

    @Override
    public void close() {
        server.close();
    }
}
