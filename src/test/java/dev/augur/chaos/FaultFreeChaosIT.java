package dev.augur.chaos;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * Chaos: the control: the same cluster and checks with no fault, so a failure elsewhere is the fault's, not the harness's.
 * See {@link ChaosScenarios} for the checks and {@link ChaosScenarios.Bounds} for the deadlines.
 */
class FaultFreeChaosIT extends ChaosTestBase {
    @Test
    void aFaultFreeRunOfThreeNodeProcessesCompletes(TestInfo info) throws Exception {
        run(ChaosScenarios.Scenario.FAULT_FREE, info);
    }
}
