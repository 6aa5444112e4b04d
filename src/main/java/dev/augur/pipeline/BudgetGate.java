package dev.augur.pipeline;

import dev.augur.config.Budget;
/**
 * Whether a run within its {@link Budget} may start its next work unit. The next latents are
 * expected to cost what an LLM-using latent has cost on average so far (nothing before the
 * first is done, so the first unit always starts); a unit starts only when what was spent,
 * plus that estimate for the latents still in flight and the unit's, stays within every bound.
 * The latents in flight always finish, so a run may end a little above its budget.
 */
final class BudgetGate {
    /**
     * What the run spent so far, over the whole cluster.
     *
     * @param latents latents whose usage is counted (those that sent at least one request)
     */
    record Spent(long tokens, long microUsd, long latents) {
        static final Spent NONE = new Spent(0, 0, 0);
    }

    private final Budget budget;

    BudgetGate(Budget budget) {
        this.budget = budget;
    }

    /** Whether a unit of {@code unitLatents} may start while {@code inFlight} latents are still running. */
    boolean allows(Spent spent, int inFlight, int unitLatents) {
        long coming = (long) inFlight + unitLatents;
        return within(budget.tokens(), spent.tokens(), spent, coming)
            && within(budget.microUsd(), spent.microUsd(), spent, coming);
    }

    private static boolean within(Long bound, long used, Spent spent, long coming) {
        if (bound == null) {
            return true;
        }
        double perLatent = spent.latents() == 0 ? 0 : (double) used / spent.latents();
        return used + perLatent * coming <= bound;
    }
}
