package dev.augur.chaos;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * Chaos: SIGKILL of the oldest member (the Hazelcast master), a scorer node started first, once it has served a few requests.
 * See {@link ChaosScenarios} for the checks and {@link ChaosScenarios.Bounds} for the deadlines.
 */
class MasterKillChaosIT extends ChaosTestBase {
    @Test
    void theHazelcastMasterKilledMidRunCostsNoLatent(TestInfo info) throws Exception {
        run(ChaosScenarios.Scenario.MASTER_KILL, info);
    }
}
