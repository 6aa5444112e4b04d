package dev.augur.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Real headless Chromium driven over the Chrome DevTools Protocol, for pages that stay live
 * (Server-Sent Events): open a page, evaluate script in it as it changes, collect its script
 * errors, take screenshots. Every call has a deadline; {@link #close} kills the browser.
 */
public final class Browser implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://[^\\s]+)");
    public static final Duration CALL_DEADLINE = Duration.ofSeconds(30);

    private final Process process;
    private final int port;
    private final HttpClient http = HttpClient.newHttpClient();

    private Browser(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** $AUGUR_CHROMIUM, else chromium (or chromium-browser) on the PATH; fails (never skips) without one. */
    public static String binary() {
        String env = System.getenv("AUGUR_CHROMIUM");
        if (env != null && !env.isBlank()) {
            return env;
        }
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
            for (String name : List.of("chromium", "chromium-browser")) {
                if (Files.isExecutable(Path.of(dir, name))) {
                    return Path.of(dir, name).toString();
                }
            }
        }
        throw new AssertionError("headless Chromium is needed but 'chromium' is not on the PATH: install it "
            + "(apt-get install -y chromium; .ci/run does) or set AUGUR_CHROMIUM");
    }

    /** Starts headless Chromium with its own profile under {@code work}. */
    public static Browser start(Path work) throws IOException, InterruptedException {
        Files.createDirectories(work);
        Process p = new ProcessBuilder(binary(), "--headless", "--no-sandbox", "--disable-gpu",
            "--disable-dev-shm-usage", "--no-first-run", "--remote-debugging-address=127.0.0.1",
            "--remote-debugging-port=0", "--remote-allow-origins=*", "--window-size=1280,900",
            "--user-data-dir=" + work.resolve("profile"), "about:blank")
            .redirectOutput(work.resolve("chromium.out").toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        CompletableFuture<String> ws = new CompletableFuture<>();
        Thread drain = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                        ws.complete(m.group(1));
                    }
                }
            } catch (IOException e) {
                ws.completeExceptionally(e);
            }
            ws.completeExceptionally(new IllegalStateException("chromium ended before it listened"));
        }, "chromium-stderr");
        drain.setDaemon(true);
        drain.start();
        try {
            String url = ws.get(CALL_DEADLINE.toSeconds(), TimeUnit.SECONDS);
            return new Browser(p, URI.create(url).getPort());
        } catch (Exception e) {
            p.destroyForcibly();
            throw new AssertionError("chromium did not start its DevTools endpoint: " + e, e);
        }
    }

    /** Opens {@code url} in a new tab. */
    public Page open(String url) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
            + "/json/new?" + URLEncoder.encode(url, StandardCharsets.UTF_8))).PUT(HttpRequest.BodyPublishers.noBody())
            .timeout(CALL_DEADLINE).build(), HttpResponse.BodyHandlers.ofString());
        String ws = JSON.readTree(r.body()).path("webSocketDebuggerUrl").asText();
        Page page = new Page();
        page.socket = http.newWebSocketBuilder().connectTimeout(CALL_DEADLINE).buildAsync(URI.create(ws), page)
            .get(CALL_DEADLINE.toSeconds(), TimeUnit.SECONDS);
        page.call("Runtime.enable", Map.of());
        page.call("Page.enable", Map.of());
        return page;
    }

    /** One tab: evaluate, screenshot, and the script errors it reported. */
    public static final class Page implements WebSocket.Listener {
        private final AtomicInteger ids = new AtomicInteger();
        private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
        private final List<String> errors = Collections.synchronizedList(new ArrayList<>());
        private final StringBuilder partial = new StringBuilder();
        private WebSocket socket;

        JsonNode call(String method, Map<String, Object> params) throws Exception {
            int id = ids.incrementAndGet();
            CompletableFuture<JsonNode> answer = new CompletableFuture<>();
            pending.put(id, answer);
            ObjectNode m = JSON.createObjectNode().put("id", id).put("method", method);
            m.set("params", JSON.valueToTree(params));
            socket.sendText(JSON.writeValueAsString(m), true).get(CALL_DEADLINE.toSeconds(), TimeUnit.SECONDS);
            JsonNode r = answer.get(CALL_DEADLINE.toSeconds(), TimeUnit.SECONDS);
            if (r.has("error")) {
                throw new IllegalStateException(method + ": " + r.get("error"));
            }
            return r.path("result");
        }

        /** The value of a script expression (a promise is awaited). */
        public JsonNode eval(String expression) throws Exception {
            JsonNode r = call("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true,
                "awaitPromise", true));
            if (r.has("exceptionDetails")) {
                throw new IllegalStateException(expression + ": " + r.get("exceptionDetails"));
            }
            return r.path("result").path("value");
        }

        /** A PNG of the viewport. */
        public byte[] screenshot() throws Exception {
            return Base64.getDecoder().decode(call("Page.captureScreenshot", Map.of("format", "png")).path("data").asText());
        }

        /** Uncaught exceptions and console.error calls so far. */
        public List<String> errors() {
            return List.copyOf(errors);
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    JsonNode m = JSON.readTree(partial.toString());
                    if (m.has("id")) {
                        CompletableFuture<JsonNode> f = pending.remove(m.get("id").asInt());
                        if (f != null) {
                            f.complete(m);
                        }
                    } else if ("Runtime.exceptionThrown".equals(m.path("method").asText())) {
                        errors.add(m.path("params").path("exceptionDetails").toString());
                    } else if ("Runtime.consoleAPICalled".equals(m.path("method").asText())
                        && "error".equals(m.path("params").path("type").asText())) {
                        errors.add(m.path("params").path("args").toString());
                    }
                } catch (IOException e) {
                    errors.add("unreadable DevTools message: " + e.getMessage());
                }
                partial.setLength(0);
            }
            ws.request(1);
            return null;
        }
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        try {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
