package dev.augur.chaos;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * Chaos: two full nodes (conf/cluster-node.json twice: one cache, one run folder) and a scorer node; SIGKILL of the coordinator that has written a few latents and holds more.
 * See {@link ChaosScenarios} for the checks and {@link ChaosScenarios.Bounds} for the deadlines.
 */
class CoordinatorKillChaosIT extends ChaosTestBase {
    @Test
    void aCoordinatorKilledMidRunHasItsWorkFinishedByTheOther(TestInfo info) throws Exception {
        run(ChaosScenarios.Scenario.COORDINATOR_KILL, info);
    }
}
