package dev.augur.pipeline;

import dev.augur.config.Budget;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augur.AugurException;
import dev.augur.run.StageUsage;
import org.junit.jupiter.api.Test;

/** The budget's arithmetic: the next unit starts only when spent + average x coming latents fits. */
class BudgetGateTest {
    private static BudgetGate tokens(long n) {
        return new BudgetGate(new Budget(n, null, null, null));
    }

    @Test
    void theFirstUnitAlwaysStarts() {
        assertTrue(tokens(1).allows(BudgetGate.Spent.NONE, 0, 5));
        assertTrue(tokens(1).allows(BudgetGate.Spent.NONE, 9, 1), "nothing is known before a latent is done");
    }

    @Test
    void theNextUnitIsEstimatedAtTheAverageLatentSoFar() {
        // 2 latents cost 3000 tokens: 1500 a latent
        BudgetGate.Spent spent = new BudgetGate.Spent(3000, 0, 2);
        assertTrue(tokens(4500).allows(spent, 0, 1), "3000 + 1500 = 4500 fits exactly");
        assertFalse(tokens(4499).allows(spent, 0, 1));
        assertFalse(tokens(5000).allows(spent, 0, 2), "a unit of 2: 3000 + 3000");
        assertTrue(tokens(6000).allows(spent, 0, 2));
    }

    @Test
    void latentsInFlightAreCountedAsComing() {
        BudgetGate.Spent spent = new BudgetGate.Spent(1000, 0, 1);
        assertTrue(tokens(3000).allows(spent, 1, 1));
        assertFalse(tokens(3000).allows(spent, 2, 1), "1000 + 1000 x (2 in flight + 1)");
    }

    @Test
    void dollarsAreBoundedInMicroDollarsAtThePrices() {
        // 1 USD per million prompt tokens, 4 per million completion tokens
        Budget budget = new Budget(null, 0.01, 1.0, 4.0);
        assertEquals(10_000L, budget.microUsd());
        assertEquals(3000 + 4 * 500, budget.microUsd(new StageUsage(3, 3000, 500, false)));
        BudgetGate gate = new BudgetGate(budget);
        assertTrue(gate.allows(new BudgetGate.Spent(999_999, 5000, 1), 0, 1), "5000 + 5000 micro-dollars fit");
        assertFalse(gate.allows(new BudgetGate.Spent(0, 5001, 1), 0, 1));
    }

    @Test
    void everyBoundMustHold() {
        BudgetGate gate = new BudgetGate(new Budget(10_000L, 0.01, 1.0, 4.0));
        assertFalse(gate.allows(new BudgetGate.Spent(6000, 10, 1), 0, 1), "tokens cross, dollars do not");
        assertFalse(gate.allows(new BudgetGate.Spent(10, 6000, 1), 0, 1), "dollars cross, tokens do not");
        assertTrue(gate.allows(new BudgetGate.Spent(10, 10, 1), 0, 1));
    }

    @Test
    void badBudgetsAreOneLine() {
        assertThrows(AugurException.class, () -> new Budget(0L, null, null, null));
        assertThrows(AugurException.class, () -> new Budget(-5L, null, null, null));
        assertThrows(AugurException.class, () -> new Budget(null, 0.0, 1.0, 1.0));
        assertThrows(AugurException.class, () -> new Budget(null, Double.NaN, 1.0, 1.0));
        AugurException noPrices = assertThrows(AugurException.class, () -> new Budget(null, 1.0, null, null));
        assertTrue(noPrices.getMessage().startsWith("--budget-usd needs the prices"), noPrices.getMessage());
        assertThrows(AugurException.class, () -> new Budget(null, 1.0, 1.0, null));
        assertFalse(Budget.NONE.limited());
    }
}
