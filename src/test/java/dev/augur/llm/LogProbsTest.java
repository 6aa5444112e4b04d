package dev.augur.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** SPEC 7's rule on hand-computed cases. */
class LogProbsTest {
    private static TokenLogprob tok(String token, Object... top) {
        List<TopLogprob> alternatives = new java.util.ArrayList<>();
        for (int i = 0; i < top.length; i += 2) {
            alternatives.add(new TopLogprob((String) top[i], Math.log((Double) top[i + 1])));
        }
        return new TokenLogprob(token, alternatives.isEmpty() ? 0 : alternatives.get(0).logprob(), alternatives);
    }

    @Test
    void oneProbabilityPerDigitTokenInOrder() {
        List<Double> p = LogProbs.probabilityOfOne(List.of(
            tok("[", "[", 1.0),
            tok("1", "1", 0.6, "0", 0.3, " ", 0.1),   // 0.6 / 0.9
            tok(",", ",", 1.0),
            tok("0", "0", 0.8, "1", 0.2),             // 0.2 / 1.0
            tok("]", "]", 1.0)));
        assertEquals(2, p.size());
        assertEquals(2.0 / 3.0, p.get(0), 1e-12);
        assertEquals(0.2, p.get(1), 1e-12);
    }

    @Test
    void alternativesAreSummedAndATokenWithBothDigitsCountsAsOne() {
        // " 1" and "10" both count for 1 (0.1 + 0.2); " 0" and "0" for 0 (0.3 + 0.1).
        List<Double> p = LogProbs.probabilityOfOne(List.of(
            tok(" 1", " 1", 0.1, "10", 0.2, " 0", 0.3, "0", 0.1)));
        assertEquals(0.3 / 0.7, p.get(0), 1e-12);
    }

    @Test
    void zeroWhenNoAlternativeIsADigit() {
        assertEquals(List.of(0.0), LogProbs.probabilityOfOne(List.of(tok("1", "yes", 0.9, "no", 0.1))));
        assertEquals(List.of(0.0), LogProbs.probabilityOfOne(List.of(new TokenLogprob("0", -0.1, List.of()))));
    }

    @Test
    void noDigitTokensNoProbabilities() {
        assertTrue(LogProbs.probabilityOfOne(List.of()).isEmpty());
        assertTrue(LogProbs.probabilityOfOne(List.of(tok("[", "[", 1.0), tok("]", "]", 1.0))).isEmpty());
    }
}
