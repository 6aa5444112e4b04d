package dev.augur.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augur.llm.ChatMessage;
import dev.augur.llm.ChatRequest;
import dev.augur.llm.ChatResponse;
import dev.augur.run.StageUsage;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A stage request's usage: the server's numbers when it sends them, else estimated and marked so. */
class UsageTallyTest {
    private static final ChatRequest REQUEST = ChatRequest.of(List.of(ChatMessage.system("x".repeat(40)),
        ChatMessage.user("y".repeat(20))));

    @Test
    void reportedUsageIsTakenAsIs() {
        UsageTally t = new UsageTally();
        assertNull(t.usage(), "no answer, no usage");
        t.add(REQUEST, new ChatResponse("[0,1]", List.of(), 30, 4));
        t.add(REQUEST, new ChatResponse("[1,1]", List.of(), 32, 5));
        assertEquals(new StageUsage(2, 62, 9, false), t.usage());
    }

    @Test
    void missingUsageIsEstimatedAndMarked() {
        UsageTally t = new UsageTally();
        t.add(REQUEST, new ChatResponse("[0,1,1]", List.of(), 0, 0));
        StageUsage u = t.usage();
        assertEquals(1, u.requests());
        assertEquals(15, u.promptTokens(), "60 characters at 4 a token");
        assertEquals(2, u.completionTokens());
        assertTrue(u.estimated());
        assertTrue(u.toJson().containsKey("estimated"));
        assertFalse(new StageUsage(1, 1, 1, false).toJson().containsKey("estimated"));
    }
}
