package dev.augur.pipeline;

import dev.augur.config.Budget;
/**
 * How a run that stopped at its {@link Budget} ends: no new latent was started, those in
 * flight finished, the bookkeeping and report were written. Not a failure: the same command
 * with a larger budget resumes where it stopped.
 */
public final class BudgetReached extends RuntimeException {
    private final long spentTokens;
    private final long spentMicroUsd;
    private final long latentsNotReached;

    BudgetReached(Budget budget, BudgetGate.Spent spent, long latentsNotReached) {
        super(message(budget, spent, latentsNotReached), null, false, false);
        this.spentTokens = spent.tokens();
        this.spentMicroUsd = spent.microUsd();
        this.latentsNotReached = latentsNotReached;
    }

    private static String message(Budget budget, BudgetGate.Spent spent, long left) {
        String usd = budget.priceInput() == null ? ""
            : String.format(java.util.Locale.ROOT, " (%.4f USD)", spent.microUsd() / 1e6);
        return "budget reached (" + budget.describe() + "): this run spent " + spent.tokens() + " tokens" + usd
            + " on " + spent.latents() + " latent(s); " + left + " selected latent(s) not started; "
            + "the same command with a larger budget resumes them";
    }

    public long spentTokens() {
        return spentTokens;
    }

    public long spentMicroUsd() {
        return spentMicroUsd;
    }

    public long latentsNotReached() {
        return latentsNotReached;
    }
}
