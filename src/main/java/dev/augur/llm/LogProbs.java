package dev.augur.llm;

import java.util.ArrayList;
import java.util.List;

/** SPEC 7's rule turning answer-token log-probabilities into P(prediction is 1). */
public final class LogProbs {
    private LogProbs() {
    }

    /**
     * For each answer token whose text contains {@code 0} or {@code 1}, in order: P(1) / (P(0) + P(1)),
     * where P(1) sums exp(logprob) over its top alternatives whose text contains {@code 1} and P(0)
     * over the others containing {@code 0} (a token with both counts as 1, as in delphi); 0 when both
     * sums are 0. Other answer tokens ({@code [}, {@code ,}, spaces) are skipped.
     */
    public static List<Double> probabilityOfOne(List<TokenLogprob> tokens) {
        List<Double> out = new ArrayList<>();
        for (TokenLogprob t : tokens) {
            if (!isDigitToken(t.token())) {
                continue;
            }
            double p0 = 0;
            double p1 = 0;
            for (TopLogprob alt : t.top()) {
                String s = alt.token() == null ? "" : alt.token();
                if (s.contains("1")) {
                    p1 += Math.exp(alt.logprob());
                } else if (s.contains("0")) {
                    p0 += Math.exp(alt.logprob());
                }
            }
            out.add(p0 + p1 > 0 ? p1 / (p0 + p1) : 0.0);
        }
        return out;
    }

    private static boolean isDigitToken(String token) {
        return token != null && (token.contains("0") || token.contains("1"));
    }
}
