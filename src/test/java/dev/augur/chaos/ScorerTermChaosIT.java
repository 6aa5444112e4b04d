package dev.augur.chaos;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * Chaos: SIGTERM (what systemd and Kubernetes send) to a scorer node mid-run: it exits with status 0 within a bound, and its work is not lost.
 * See {@link ChaosScenarios} for the checks and {@link ChaosScenarios.Bounds} for the deadlines.
 */
class ScorerTermChaosIT extends ChaosTestBase {
    @Test
    void aScorerNodeStoppedWithSigtermMidRunExitsCleanly(TestInfo info) throws Exception {
        run(ChaosScenarios.Scenario.SCORER_TERM, info);
    }
}
