package dev.augur.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augur.AugurException;
import dev.augur.metrics.ScoreFiles;
import dev.augur.metrics.ScoreSample;
import dev.augur.testing.CliRun;
import dev.augur.testing.ListeningSockets;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who may read the dashboard: loopback by default, a token off loopback (refused at start-up
 * without one), 401 without it, path parameters that cannot leave the run folder, and every
 * text of the run escaped in the HTML the server renders.
 */
public class DashboardSecurityTest {
    /** An explanation and a token string that would run script if they reached the page as HTML. */
    public static final String HOSTILE = "<img src=x onerror=\"window.__pwned=1\"><script>window.__pwned=2</script>";

    @TempDir
    Path dir;
    Vertx vertx;
    final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
    }

    @AfterEach
    void stop() {
        vertx.close().await();
    }

    /** A finished run folder as Augur writes it, with hostile text in it. */
    static Path finishedRun(Path dir) throws Exception {
        Path run = dir.resolve("run");
        ScoreFiles.write(run.resolve("scores/detection/layers.0_latent3.txt"), List.of(
            new ScoreSample(List.of("The", " cat", HOSTILE), new float[] {0, 4, 2}, 1, true, true, 0.9, true),
            new ScoreSample(List.of("No", " dog"), new float[2], -1, false, true, 0.6, false)));
        Files.createDirectories(run.resolve("explanations"));
        Files.writeString(run.resolve("explanations/layers.0_latent3.txt"),
            new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(HOSTILE));
        Files.createDirectories(run.resolve("done"));
        Files.writeString(run.resolve("done/layers.0_latent3.json"), "{\"latent\":\"layers.0_latent3\"}");
        return run;
    }

    private HttpResponse<String> get(String url, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void loopbackByDefaultAndNoOtherAddressWithoutAToken() throws Exception {
        ServeSettings s = ServeSettings.resolve(null, 0, null, Map.of(), "--serve-host", "--serve-token-env");
        assertEquals("127.0.0.1", s.host());
        DashboardServer d = DashboardServer.start(vertx, RunState.ofFolder(finishedRun(dir)), s).await();
        if (ListeningSockets.supported()) {
            List<ListeningSockets.Listener> mine = ListeningSockets.of(ProcessHandle.current().pid()).stream()
                .filter(l -> l.port() == d.port()).toList();
            assertFalse(mine.isEmpty());
            assertTrue(mine.stream().allMatch(l -> l.address().isLoopbackAddress()), mine.toString());
        }
        AugurException e = assertThrows(AugurException.class, () -> ServeSettings.resolve("0.0.0.0", 0, null,
            Map.of(), "--serve-host", "--serve-token-env"));
        assertTrue(e.getMessage().contains("--serve-host 0.0.0.0") && e.getMessage().contains("--serve-token-env"),
            e.getMessage());
        assertThrows(AugurException.class, () -> ServeSettings.resolve("0.0.0.0", 0, "AUGUR_TEST_NO_SUCH_VAR",
            Map.of(), "--serve-host", "--serve-token-env"));
        // the command lines refuse before anything starts: one line, status 2
        CliRun serve = CliRun.run("serve", finishedRun(dir.resolve("b")).toString(), "--serve-host", "0.0.0.0");
        assertEquals(2, serve.exitCode(), serve.err());
        assertEquals(1, serve.err().strip().lines().count(), serve.err());
        CliRun run = CliRun.run("run", "--cache", dir.resolve("none").toString(), "--serve", "0",
            "--serve-host", "0.0.0.0", "--results", dir.resolve("results").toString());
        assertEquals(2, run.exitCode(), run.err());
        assertFalse(Files.exists(dir.resolve("results")), "nothing written");
    }

    @Test
    void withATokenEveryRequestNeedsIt() throws Exception {
        ServeSettings s = ServeSettings.resolve("127.0.0.1", 0, "DASH_TOKEN", Map.of("DASH_TOKEN", "s3cret-token"),
            "--serve-host", "--serve-token-env");
        DashboardServer d = DashboardServer.start(vertx, RunState.ofFolder(finishedRun(dir)), s).await();
        String base = "http://127.0.0.1:" + d.port();
        for (String path : List.of("/", "/api/run", "/api/latents", "/api/latents/layers.0_latent3",
                "/latent/layers.0_latent3", "/api/events")) {
            assertEquals(401, get(base + path).statusCode(), path);
            assertEquals(401, get(base + path, "Authorization", "Bearer wrong").statusCode(), path);
        }
        assertEquals(200, get(base + "/api/run", "Authorization", "Bearer s3cret-token").statusCode());
        assertEquals(401, get(base + "/?token=wrong").statusCode());
        HttpResponse<String> login = get(base + "/?token=s3cret-token");
        assertEquals(303, login.statusCode());
        String cookie = login.headers().firstValue("set-cookie").orElseThrow();
        assertTrue(cookie.toLowerCase(java.util.Locale.ROOT).contains("httponly") && cookie.contains("SameSite=Strict"),
            cookie);
        assertEquals("/", login.headers().firstValue("location").orElseThrow(), "the token leaves the address bar");
        assertEquals(200, get(base + "/api/latents", "Cookie", cookie.split(";")[0]).statusCode());
        assertFalse(s.toString().contains("s3cret"), "settings never print the token");
    }

    @Test
    void pathsStayInTheRunFolderAndTextIsEscaped() throws Exception {
        Path run = finishedRun(dir);
        Files.writeString(dir.resolve("secret.txt"), "\"outside\"");
        DashboardServer d = DashboardServer.start(vertx, RunState.ofFolder(run), ServeSettings.resolve(null, 0,
            null, Map.of(), "--serve-host", "--serve-token-env")).await();
        String base = "http://127.0.0.1:" + d.port();
        for (String bad : List.of("..%2Fsecret", "%2e%2e", "..", ".hidden", "a%2Fb", "x%00y", "..%5Csecret",
                "%2e%2e%2fsecret", "layers.0_latent3%2F..%2F..%2Fsecret")) {
            for (String prefix : List.of("/api/latents/", "/latent/")) {
                HttpResponse<String> r = get(base + prefix + bad);
                assertFalse(r.body().contains("outside"), prefix + bad + " read a file outside the run");
                // refused, or normalised by the router to another page of the dashboard
                assertTrue(r.statusCode() == 404 || r.statusCode() == 200 && r.body().startsWith("<!DOCTYPE html>")
                    || r.statusCode() == 400, prefix + bad + ": " + r.statusCode() + " " + r.body());
            }
        }
        String html = get(base + "/latent/layers.0_latent3").body();
        assertFalse(html.contains("<img") || html.contains("<script"), html);
        assertTrue(html.contains("&lt;img src=x onerror=&quot;window.__pwned=1&quot;&gt;"), html);
        String page = get(base + "/").body();
        assertFalse(page.contains("<link") || page.contains(" src=\"http"), "the page fetches nothing else");
        assertEquals("nosniff", get(base + "/").headers().firstValue("x-content-type-options").orElseThrow());
        assertEquals(400, get(base + "/api/latents?limit=0").statusCode());
        assertEquals(400, get(base + "/api/latents?order=sideways").statusCode());
    }
}
