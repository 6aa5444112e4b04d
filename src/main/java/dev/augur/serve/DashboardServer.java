package dev.augur.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.augur.AugurException;
import dev.augur.report.LatentPage;
import dev.augur.runfolder.RunLayout;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The live dashboard and its JSON API, on the run's own Vert.x instance (Vert.x Web): the page
 * ({@code GET /}), {@code /api/run}, {@code /api/latents}, {@code /api/latents/{name}},
 * {@code /latent/{name}} (the latent view's HTML) and {@code /api/events} (Server-Sent Events).
 * Everything that reads files runs on a worker; events are written without waiting, and a
 * client that cannot keep up misses them (it gets the state again when it reconnects), so the
 * run never waits on the server. With a token, every request needs it: {@code Authorization:
 * Bearer}, or the cookie that {@code ?token=} sets.
 */
public final class DashboardServer {
    static final String COOKIE = "augur_token";
    /** Progress events at most this often. */
    static final long PROGRESS_MS = 1_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Vertx vertx;
    private final RunState state;
    private final LatentRows rows;
    private final ServeSettings settings;
    private final byte[] tokenHash;
    private HttpServer server;
    private long timer = -1;

    private DashboardServer(Vertx vertx, RunState state, ServeSettings settings) {
        this.vertx = vertx;
        this.state = state;
        this.rows = new LatentRows(state);
        this.settings = settings;
        this.tokenHash = settings.token() == null ? null : sha256(settings.token());
    }

    /** Starts serving the run; the future holds the running server (its port, a way to stop it). */
    public static Future<DashboardServer> start(Vertx vertx, RunState state, ServeSettings settings) {
        DashboardServer d = new DashboardServer(vertx, state, settings);
        Router router = d.router();
        return vertx.createHttpServer().requestHandler(router).listen(settings.port(), settings.host())
            .recover(e -> Future.failedFuture(new AugurException("--serve " + settings.host() + ":" + settings.port()
                + ": cannot listen there (" + e.getMessage() + ")")))
            .map(s -> {
                d.server = s;
                d.timer = vertx.setPeriodic(PROGRESS_MS, id -> d.progress());
                return d;
            });
    }

    public int port() {
        return server.actualPort();
    }

    public String url() {
        return settings.url(port());
    }

    public Future<Void> stop() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        return server == null ? Future.succeededFuture() : server.close();
    }

    private Router router() {
        Router r = Router.router(vertx);
        r.route().handler(this::securityHeaders);
        if (tokenHash != null) {
            r.route().handler(this::authorize);
        }
        r.get("/").handler(ctx -> ctx.response().putHeader("content-type", "text/html; charset=utf-8")
            .end(Page.HTML));
        r.get("/api/run").handler(ctx -> json(ctx, this::runJson));
        r.get("/api/latents").handler(ctx -> {
            Map<String, String> params = new HashMap<>();
            ctx.queryParams().forEach(e -> params.putIfAbsent(e.getKey(), e.getValue()));
            json(ctx, () -> LatentQuery.of(params).apply(rows.all()));
        });
        r.get("/api/latents/:name").handler(ctx -> json(ctx, () -> rows.detail(name(ctx))));
        r.get("/latent/:name").handler(ctx -> {
            String name = name(ctx);
            vertx.executeBlocking(() -> name == null ? null
                    : LatentPage.fragment(state.run(), name, LatentRows.scorers(new RunLayout(state.run()))), false)
                .onComplete(ar -> {
                    if (ar.failed()) {
                        ctx.response().setStatusCode(500).end();
                    } else if (ar.result() == null) {
                        ctx.response().setStatusCode(404).end();
                    } else {
                        ctx.response().putHeader("content-type", "text/html; charset=utf-8").end(ar.result());
                    }
                });
        });
        r.get("/api/events").handler(this::events);
        return r;
    }

    /** The path's latent name, or null when it is not one (it could leave the run folder). */
    private static String name(RoutingContext ctx) {
        String n = ctx.pathParam("name");
        return LatentRows.validName(n) ? n : null;
    }

    private void securityHeaders(RoutingContext ctx) {
        ctx.response().putHeader("X-Content-Type-Options", "nosniff")
            .putHeader("Referrer-Policy", "no-referrer")
            .putHeader("Cache-Control", "no-store")
            .putHeader("Content-Security-Policy", "default-src 'none'; script-src 'unsafe-inline'; "
                + "style-src 'unsafe-inline'; connect-src 'self'; img-src 'self' data:; frame-ancestors 'none'");
        ctx.next();
    }

    private void authorize(RoutingContext ctx) {
        String login = ctx.request().getParam("token");
        if (login != null) {
            if (!matches(login)) {
                ctx.response().setStatusCode(401).end("wrong token\n");
                return;
            }
            ctx.response().addCookie(Cookie.cookie(COOKIE, login).setHttpOnly(true).setPath("/")
                .setSameSite(CookieSameSite.STRICT));
            ctx.response().setStatusCode(303).putHeader("location", ctx.request().path()).end();
            return;
        }
        String header = ctx.request().getHeader("authorization");
        Cookie cookie = ctx.request().getCookie(COOKIE);
        boolean ok = header != null && header.startsWith("Bearer ") && matches(header.substring(7).strip())
            || cookie != null && matches(cookie.getValue());
        if (!ok) {
            ctx.response().setStatusCode(401).putHeader("WWW-Authenticate", "Bearer").end("a token is needed\n");
            return;
        }
        ctx.next();
    }

    /** Compares hashes, so the time taken says nothing about the token or its length. */
    private boolean matches(String given) {
        return MessageDigest.isEqual(tokenHash, sha256(given));
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void json(RoutingContext ctx, Callable<Object> body) {
        vertx.executeBlocking(() -> {
            try {
                Object v = body.call();
                return v == null ? null : JSON.writeValueAsString(v);
            } catch (AugurException e) {
                return "!" + e.getMessage();
            }
        }, false).onComplete(ar -> {
            HttpServerResponse res = ctx.response().putHeader("content-type", "application/json; charset=utf-8");
            if (ar.failed()) {
                res.setStatusCode(500).end("{\"error\":\"internal error\"}");
            } else if (ar.result() == null) {
                res.setStatusCode(404).end("{\"error\":\"no such latent\"}");
            } else if (ar.result().startsWith("!")) {
                res.setStatusCode(400).end(jsonText(Map.of("error", ar.result().substring(1))));
            } else {
                res.end(ar.result());
            }
        });
    }

    private static String jsonText(Object v) {
        try {
            return JSON.writeValueAsString(v);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code /api/run}: the state's counts and, per scorer, the means and a histogram over latents. */
    private Map<String, Object> runJson() {
        Map<String, Object> m = new LinkedHashMap<>(state.snapshot());
        m.put("settings", RunSettingsView.read(state.run()));
        m.put("scorers", ScorerSummary.of(rows.all()));
        return m;
    }

    private final java.util.List<HttpServerResponse> streams = new java.util.concurrent.CopyOnWriteArrayList<>();
    private long lastProgressDone = -1;
    private RunState.Phase lastPhase;

    /** Server-Sent Events: the state at once, then each latent, and progress at most every second. */
    private void events(RoutingContext ctx) {
        HttpServerResponse res = ctx.response().setChunked(true)
            .putHeader("content-type", "text/event-stream; charset=utf-8")
            .putHeader("connection", "keep-alive");
        res.write(frame("state", state.snapshot()));
        Runnable stop = state.listen(e -> {
            if ("latent".equals(e.get("type")) && !res.writeQueueFull()) {
                res.write(frame("latent", e.get("data")));
            }
        });
        streams.add(res);
        res.closeHandler(v -> {
            stop.run();
            streams.remove(res);
        });
    }

    private void progress() {
        long done = state.done();
        if (done == lastProgressDone && state.phase() == lastPhase || streams.isEmpty()) {
            return;
        }
        lastProgressDone = done;
        lastPhase = state.phase();
        String f = frame("progress", state.snapshot());
        for (HttpServerResponse res : streams) {
            if (!res.writeQueueFull()) {
                res.write(f);
            }
        }
    }

    private static String frame(String event, Object data) {
        return "event: " + event + "\ndata: " + jsonText(data) + "\n\n";
    }

    /** The page: one self-contained HTML file, its script and the report's stylesheet inline. */
    static final class Page {
        static final String HTML = resource("dashboard.html")
            .replace("/*REPORT_CSS*/", LatentPage.css())
            .replace("/*DASHBOARD_CSS*/", resource("dashboard.css"))
            .replace("/*DASHBOARD_JS*/", resource("dashboard.js"));

        private static String resource(String name) {
            try (InputStream in = DashboardServer.class.getResourceAsStream(name)) {
                if (in == null) {
                    throw new IllegalStateException("missing resource dev/augur/serve/" + name);
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
