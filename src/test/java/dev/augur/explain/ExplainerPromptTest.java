package dev.augur.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augur.llm.ChatMessage;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The explainer's prompt protocol (SPEC 6), checked on hand-made examples. */
class ExplainerPromptTest {
    /** max 10, threshold 3 (strict): " cat", " sat", " on" are marked. */
    private static final ExplainerPrompt.Shown CAT = new ExplainerPrompt.Shown(
        new String[] {"The", " cat", " sat", " on", " mat"}, new float[] {0, 5, 10, 8, 1},
        new int[] {0, 5, 10, 8, 1});
    /** max 10: a (4), c (10), f g (9) marked; d at exactly 3 = 0.3 x max is not. */
    private static final ExplainerPrompt.Shown RUNS = new ExplainerPrompt.Shown(
        new String[] {"a", "b", "c", "d", "e", "f", "g"}, new float[] {4, 0, 10, 3, 0, 9, 9},
        new int[] {4, 0, 10, 3, 0, 9, 9});
    private static final ExplainerPrompt.Shown COUNTER = new ExplainerPrompt.Shown(
        new String[] {"no", " match", " here"}, new float[3], new int[3]);

    private static String last(List<ChatMessage> m) {
        return m.get(m.size() - 1).content();
    }

    @Test
    void defaultPromptIsSystemThreeShotsAndTheExamples() {
        List<ChatMessage> m = ExplainerPrompt.build(ExplainerVariant.DEFAULT, List.of(CAT, RUNS),
            List.of(COUNTER), false, false);
        assertEquals(8, m.size(), "system + 3 user/assistant pairs + the question");
        assertEquals("system", m.get(0).role());
        assertTrue(m.get(0).content().contains("[EXPLANATION]:"));
        assertTrue(m.get(0).content().contains("<<"));
        for (int i = 0; i < 3; i++) {
            assertEquals("user", m.get(1 + 2 * i).role());
            assertEquals("assistant", m.get(2 + 2 * i).role());
            assertTrue(m.get(2 + 2 * i).content().contains("[EXPLANATION]:"), "each shot shows the answer form");
            assertTrue(m.get(1 + 2 * i).content().startsWith("Example 1: "));
        }
        assertEquals("user", m.get(7).role());
        assertEquals("Example 1: The<< cat sat on>> mat\nExample 2: <<a>>b<<c>>de<<fg>>", last(m));
        assertFalse(m.get(0).content().contains("Think step by step"));
        assertFalse(last(m).contains("Counter"), "only the contrastive variant lists counter-examples");
        assertFalse(last(m).contains("Activations:"));
    }

    @Test
    void numbersEveryExampleFromOne() {
        List<ExplainerPrompt.Shown> train = java.util.Collections.nCopies(12, CAT);
        String q = last(ExplainerPrompt.build(ExplainerVariant.DEFAULT, train, List.of(), false, false));
        String[] lines = q.split("\n");
        assertEquals(12, lines.length);
        for (int i = 0; i < 12; i++) {
            assertEquals("Example " + (i + 1) + ": The<< cat sat on>> mat", lines[i]);
        }
    }

    @Test
    void exampleWithoutActivationsHasNoMarks() {
        String q = last(ExplainerPrompt.build(ExplainerVariant.DEFAULT, List.of(COUNTER), List.of(), false, false));
        assertEquals("Example 1: no match here", q);
    }

    @Test
    void showActivationsListsAtMostTenMarkedTokens() {
        String q = last(ExplainerPrompt.build(ExplainerVariant.DEFAULT, List.of(CAT), List.of(), true, false));
        assertEquals("Example 1: The<< cat sat on>> mat\n"
            + "Activations: (\" cat\", 5), (\" sat\", 10), (\" on\", 8)", q);
        // 12 marked tokens: only the first 10 are listed
        String[] t = new String[14];
        float[] a = new float[14];
        int[] n = new int[14];
        for (int i = 0; i < 14; i++) {
            t[i] = "t" + i;
            a[i] = i < 12 ? 5 + i : 0;
            n[i] = i < 12 ? i % 10 + 1 : 0;
        }
        String many = last(ExplainerPrompt.build(ExplainerVariant.DEFAULT,
            List.of(new ExplainerPrompt.Shown(t, a, n)), List.of(), true, false));
        String acts = many.substring(many.indexOf("Activations: ") + "Activations: ".length());
        assertEquals(ExplainerPrompt.MAX_LISTED_TOKENS, acts.split("\\), \\(").length);
        assertTrue(acts.startsWith("(\"t0\", 1), (\"t1\", 2)"), acts);
        assertTrue(acts.endsWith("(\"t9\", 10)"), acts);
        assertTrue(ExplainerPrompt.build(ExplainerVariant.DEFAULT, List.of(CAT), List.of(), true, false)
            .get(0).content().contains("strength"), "the system message explains the list");
    }

    @Test
    void contrastiveListsCounterExamples() {
        List<ChatMessage> m = ExplainerPrompt.build(ExplainerVariant.CONTRASTIVE, List.of(CAT),
            List.of(COUNTER, RUNS), false, false);
        assertEquals("Example 1: The<< cat sat on>> mat\n\n"
            + "Counter-examples (the feature is silent):\n"
            + "Counter-example 1: no match here\n"
            + "Counter-example 2: abcdefg", last(m));
        assertTrue(m.get(0).content().contains("counter-examples"));
    }

    @Test
    void singleTokenListsTheMarkedTokens() {
        List<ChatMessage> m = ExplainerPrompt.build(ExplainerVariant.SINGLE_TOKEN, List.of(CAT, RUNS),
            List.of(), false, false);
        assertEquals("Example 1: The<< cat sat on>> mat\n"
            + "Marked tokens: \" cat\", \" sat\", \" on\"\n"
            + "Example 2: <<a>>b<<c>>de<<fg>>\n"
            + "Marked tokens: \"a\", \"c\", \"f\", \"g\"", last(m));
        assertTrue(m.get(0).content().contains("marked tokens alone"));
    }

    @Test
    void chainOfThoughtAddsItsInstructionAndKeepsTheAnswerLine() {
        String sys = ExplainerPrompt.build(ExplainerVariant.DEFAULT, List.of(CAT), List.of(), false, true)
            .get(0).content();
        assertTrue(sys.contains("Think step by step"));
        assertTrue(sys.endsWith("[EXPLANATION]: <your one-sentence description>"), sys);
    }

    @Test
    void parseTakesTheTextAfterTheLastTag() {
        assertEquals("Names of weekdays.", ExplainerPrompt.parse("[EXPLANATION]: Names of weekdays."));
        assertEquals("second", ExplainerPrompt.parse(
            "Maybe [EXPLANATION]: first\nNo, better:\n[EXPLANATION]:   second  \n"));
        assertEquals("The token \"into\".", ExplainerPrompt.parse("thinking\n[EXPLANATION]:\nThe token \"into\"."));
        assertNull(ExplainerPrompt.parse("The tokens are weekdays."));
        assertNull(ExplainerPrompt.parse("[EXPLANATION]:   "));
        assertNull(ExplainerPrompt.parse("EXPLANATION: weekdays"));
        assertNull(ExplainerPrompt.parse(null));
    }
}
