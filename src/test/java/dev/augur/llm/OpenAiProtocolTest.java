package dev.augur.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class OpenAiProtocolTest {
    @Test
    void retryAfterSecondsAndDates() {
        long now = 1_893_456_000_000L; // 2030-01-01T00:00:00Z
        assertEquals(1000, OpenAiProtocol.retryAfterMs("1", now));
        assertEquals(1500, OpenAiProtocol.retryAfterMs(" 1.5 ", now));
        assertEquals(3000, OpenAiProtocol.retryAfterMs("Tue, 01 Jan 2030 00:00:03 GMT", now));
        assertEquals(0, OpenAiProtocol.retryAfterMs("Mon, 31 Dec 2029 23:59:00 GMT", now));
        assertEquals(-1, OpenAiProtocol.retryAfterMs("soon", now));
        assertEquals(-1, OpenAiProtocol.retryAfterMs(null, now));
        assertEquals(-1, OpenAiProtocol.retryAfterMs("-3", now));
    }

    @Test
    void backoffDoublesUpToTheCap() {
        assertEquals(500, OpenAiProtocol.backoffCapMs(1, 500, 30_000));
        assertEquals(1000, OpenAiProtocol.backoffCapMs(2, 500, 30_000));
        assertEquals(16_000, OpenAiProtocol.backoffCapMs(6, 500, 30_000));
        assertEquals(30_000, OpenAiProtocol.backoffCapMs(7, 500, 30_000));
        assertEquals(30_000, OpenAiProtocol.backoffCapMs(200, 500, 30_000));
    }

    @Test
    void parsesContentUsageAndOptionalParts() throws Exception {
        ChatResponse r = OpenAiProtocol.parseResponse(
            "{\"choices\":[{\"message\":{\"content\":\"hi\"},\"logprobs\":null}]}");
        assertEquals(new ChatResponse("hi", List.of(), 0, 0), r);
        ChatResponse u = OpenAiProtocol.parseResponse("{\"choices\":[{\"message\":{\"content\":\"\"}}],"
            + "\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":4}}");
        assertEquals(new ChatResponse("", List.of(), 3, 4), u);
    }

    @Test
    void unusableBodiesAreBadResponses() {
        for (String body : List.of("", "[]", "{", "{\"choices\":[]}", "{\"choices\":[{\"message\":{}}]}",
            "{\"choices\":[{\"message\":{\"content\":null}}]}", "{\"choices\":\"x\"}",
            "{\"choices\":[{\"message\":{\"content\":\"a\"},\"logprobs\":{\"content\":[null]}}]}")) {
            OpenAiProtocol.BadResponse e = assertThrows(OpenAiProtocol.BadResponse.class,
                () -> OpenAiProtocol.parseResponse(body), body);
            assertTrue(e.getMessage().startsWith("response"), e.getMessage());
        }
    }
}
