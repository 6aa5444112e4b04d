package dev.augur.config;

import dev.augur.AugurException;
import dev.augur.run.StageUsage;

/**
 * What one invocation of a run may spend on the LLM: tokens (prompt plus completion), US
 * dollars, or both (null: no bound), and the prices that turn tokens into dollars (USD per
 * million tokens; null when not given). Checked when built, so a bad value is one line before
 * anything is written.
 */
public record Budget(Long tokens, Double usd, Double priceInput, Double priceOutput) {
    /** No bound and no prices. */
    public static final Budget NONE = new Budget(null, null, null, null);

    public Budget {
        if (tokens != null && tokens < 1) {
            throw new AugurException("--budget-tokens: must be at least 1 token, got " + tokens);
        }
        if (usd != null && (usd.isNaN() || usd.isInfinite() || usd <= 0)) {
            throw new AugurException("--budget-usd: must be more than 0 (US dollars), got " + usd);
        }
        checkPrice("--price-input", priceInput);
        checkPrice("--price-output", priceOutput);
        if ((priceInput == null) != (priceOutput == null)) {
            throw new AugurException("--price-input and --price-output go together");
        }
        if (usd != null && priceInput == null) {
            throw new AugurException("--budget-usd needs the prices: pass --price-input and --price-output "
                + "(USD per million prompt and completion tokens)");
        }
    }

    private static void checkPrice(String flag, Double v) {
        if (v != null && (v.isNaN() || v.isInfinite() || v < 0)) {
            throw new AugurException(flag + ": must be a price of at least 0 (USD per million tokens), got " + v);
        }
    }

    /** Whether anything is bounded. */
    public boolean limited() {
        return tokens != null || usd != null;
    }

    /** The dollar bound in micro-dollars (shared counters hold whole numbers), or null. */
    public Long microUsd() {
        return usd == null ? null : Math.round(usd * 1e6);
    }

    /**
     * What {@code u} cost in micro-dollars (0 without prices): a price per million tokens is a
     * price in micro-dollars per token.
     */
    public long microUsd(StageUsage u) {
        if (priceInput == null) {
            return 0;
        }
        return Math.round(u.promptTokens() * priceInput + u.completionTokens() * priceOutput);
    }

    /** The bounds as the flags say them, for messages: "--budget-tokens 1000". */
    public String describe() {
        StringBuilder b = new StringBuilder();
        if (tokens != null) {
            b.append("--budget-tokens ").append(tokens);
        }
        if (usd != null) {
            b.append(b.length() > 0 ? " and " : "").append("--budget-usd ")
                .append(java.math.BigDecimal.valueOf(usd).stripTrailingZeros().toPlainString());
        }
        return b.toString();
    }
}
