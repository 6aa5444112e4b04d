package dev.augur.score;

import dev.augur.llm.PromptToken;
import java.util.List;

/**
 * A language model's loss on the part of an echoed prompt that is the example: the mean of
 * -log p over the tokens that start inside it. Offsets count Unicode code points, as the
 * servers' {@code text_offset} does. A token that straddles the prefix's end belongs to the
 * prefix (the prefix ends with a line break, which tokenizers keep apart from the next word);
 * tokens at or past the prompt's end are generated ones, not the example's.
 */
final class ExampleLoss {
    private ExampleLoss() {
    }

    /**
     * The mean loss over tokens with {@code prefix <= offset < end} (code points); NaN when no token
     * starts there or one of them has no finite log-probability (a server that echoes none).
     */
    static double mean(List<PromptToken> tokens, int prefix, int end) {
        double sum = 0;
        int n = 0;
        for (PromptToken t : tokens) {
            if (t.offset() < prefix || t.offset() >= end) {
                continue;
            }
            if (!Double.isFinite(t.logprob())) {
                return Double.NaN;
            }
            sum -= t.logprob();
            n++;
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    /**
     * How far the offsets of an echo of {@code prompt} are shifted: by the length of a special
     * start token (BOS, e.g. {@code <|begin_of_text|>}) that the server put in front of the
     * prompt and counts in its offsets (vLLM sums the texts of the tokens before); 0 when the first
     * token's text begins the prompt.
     */
    static int shift(List<PromptToken> tokens, String prompt) {
        if (tokens.size() < 2) {
            return 0;
        }
        PromptToken first = tokens.get(0);
        if (first.offset() != 0 || first.text() == null || first.text().isEmpty() || prompt.startsWith(first.text())) {
            return 0;
        }
        int length = codePoints(first.text());
        return tokens.get(1).offset() == length ? length : 0;
    }

    /** Code points of a string, the unit of {@code text_offset}. */
    static int codePoints(String s) {
        return s.codePointCount(0, s.length());
    }
}
