package dev.augur.chaos;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * Chaos: SIGKILL of a scorer node (not the Hazelcast master) once it has served a few requests; nodes: scorer-B (master), scorer-A, then the full node (conf/cluster-node.json).
 * See {@link ChaosScenarios} for the checks and {@link ChaosScenarios.Bounds} for the deadlines.
 */
class ScorerKillChaosIT extends ChaosTestBase {
    @Test
    void aScorerNodeKilledMidRunCostsNoLatent(TestInfo info) throws Exception {
        run(ChaosScenarios.Scenario.SCORER_KILL, info);
    }
}
