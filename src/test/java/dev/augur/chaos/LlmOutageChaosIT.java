package dev.augur.chaos;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * Chaos: the test LLM server is closed (connections refused) for 35 s once a quarter of the prompts were sent, then listens again on the same port.
 * See {@link ChaosScenarios} for the checks and {@link ChaosScenarios.Bounds} for the deadlines.
 */
class LlmOutageChaosIT extends ChaosTestBase {
    @Test
    void anLlmOutageMidRunDelaysTheRunButFailsNoLatent(TestInfo info) throws Exception {
        run(ChaosScenarios.Scenario.LLM_OUTAGE, info);
    }
}
