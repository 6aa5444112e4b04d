package dev.augur.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augur.AugurException;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class LlmConfigTest {
    private static final LlmConfig OK = LlmConfig.of("http://127.0.0.1:8080/v1/", "m");

    @Test
    void defaultsAndEndpoint() {
        assertEquals("http://127.0.0.1:8080/v1", OK.baseUrl());
        assertEquals("http://127.0.0.1:8080/v1/chat/completions", OK.chatCompletionsUrl());
        assertEquals("OPENROUTER_API_KEY", OK.apiKeyEnv());
        assertEquals(8, OK.concurrency());
        assertEquals(0, OK.requestsPerMinute());
        assertEquals(120_000, OK.requestTimeoutMs());
        assertEquals(5, OK.maxRetries());
        assertEquals(500, OK.initialBackoffMs());
        assertEquals(30_000, OK.maxBackoffMs());
        assertEquals(3, OK.failureThreshold());
        assertEquals(10_000, OK.probeMaxMs());
        assertEquals(900_000, OK.maxOutageMs());
        LlmConfig outage = OK.withOutage(5, 2_000, 60_000).withRetries(10, 1, 1, 1).withLimits(2, 0)
            .withSampling(5, 0).withApiKeyEnv("K");
        assertEquals(5, outage.failureThreshold(), "every wither keeps the circuit settings");
        assertEquals(2_000, outage.probeMaxMs());
        assertEquals(60_000, outage.maxOutageMs());
    }

    @Test
    void rejectsBadSettingsWithClearMessages() {
        expect("base URL is empty", () -> LlmConfig.of(" ", "m"));
        expect("must be http:// or https://", () -> LlmConfig.of("ftp://host/v1", "m"));
        expect("must be http:// or https://", () -> LlmConfig.of("127.0.0.1:8080/v1", "m"));
        expect("model name is empty", () -> LlmConfig.of("http://h/v1", ""));
        expect("concurrency must be at least 1", () -> OK.withLimits(0, 0));
        expect("requests per minute", () -> OK.withLimits(1, -1));
        expect("request timeout", () -> OK.withRetries(0, 1, 1, 1));
        expect("max retries", () -> OK.withRetries(10, -1, 1, 1));
        expect("initial backoff", () -> OK.withRetries(10, 1, 0, 1));
        expect("max backoff", () -> OK.withRetries(10, 1, 100, 50));
        expect("max tokens", () -> OK.withSampling(0, 0));
        expect("temperature", () -> OK.withSampling(10, Double.NaN));
        expect("temperature", () -> OK.withSampling(10, -1));
        expect("environment variable NAME", () -> OK.withApiKeyEnv("sk-123"));
        expect("failure threshold", () -> OK.withOutage(0, 1, 1));
        expect("max probe interval", () -> OK.withOutage(1, 0, 1));
        expect("max outage", () -> OK.withOutage(1, 1, 0));
    }

    @Test
    void resolvesTheKeyFromTheNamedVariable() {
        assertEquals(Optional.empty(), OK.resolveApiKey(Map.of()));
        assertEquals(Optional.empty(), OK.resolveApiKey(Map.of("OPENROUTER_API_KEY", "  ")));
        assertEquals(Optional.of("k1"), OK.resolveApiKey(Map.of("OPENROUTER_API_KEY", " k1\n")));
        assertEquals(Optional.of("k2"), OK.withApiKeyEnv("MY_KEY").resolveApiKey(Map.of("MY_KEY", "k2")));
        assertEquals("OPENROUTER_API_KEY", OK.withApiKeyEnv(null).apiKeyEnv());
    }

    @Test
    void credentialsInTheBaseUrlAreRefusedWithoutEchoingThem() {
        for (String url : new String[] {"https://user:sk-secret123@host/v1", "https://host/v1?key=sk-secret123",
            "https://host/v1#sk-secret123"}) {
            AugurException ex = assertThrows(AugurException.class, () -> LlmConfig.of(url, "m"));
            assertTrue(ex.getMessage().contains("must not carry credentials"), ex.getMessage());
            assertTrue(!ex.getMessage().contains("sk-secret123"), ex.getMessage());
        }
    }

    private static void expect(String fragment, Executable e) {
        AugurException ex = assertThrows(AugurException.class, e);
        assertTrue(ex.getMessage().contains(fragment), ex.getMessage());
    }
}
