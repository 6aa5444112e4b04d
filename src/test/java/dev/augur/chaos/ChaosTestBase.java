package dev.augur.chaos;

import dev.augur.chaos.ChaosScenarios.Outcome;
import dev.augur.chaos.ChaosScenarios.Scenario;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * A chaos integration test (Maven Failsafe, {@code mvn verify}): one scenario of
 * {@link ChaosScenarios} on a fresh {@link ChaosCluster} of real node processes in
 * {@code target/chaos-it/<test>/}. On failure the timeline and the tail of every node's log are
 * printed and the folder is kept (node logs, configs, run folder); on success it is removed.
 */
@org.junit.jupiter.api.Timeout(value = 15, unit = java.util.concurrent.TimeUnit.MINUTES) // a last resort: every wait has its own deadline
abstract class ChaosTestBase {
    /** Latents of a test run: 40, in splits (work units) of 8; about 41 prompts each. */
    static final int LATENTS = 40;
    static final int LATENTS_PER_SPLIT = 8;
    /** The test LLM server answers every prompt after this long. */
    static final long LLM_DELAY_MS = 150;
    static final int LOG_LINES = 60;

    ChaosCluster cluster;
    private boolean failed;

    @RegisterExtension
    final TestExecutionExceptionHandler printLogs = new TestExecutionExceptionHandler() {
        @Override
        public void handleTestExecutionException(ExtensionContext context, Throwable t) throws Throwable {
            failed = true;
            if (cluster != null) {
                cluster.printReport(System.out, LOG_LINES);
                System.out.println("chaos test folder kept: " + cluster.dir());
            }
            throw t;
        }
    };

    /** Runs the scenario on a fresh cluster and fails with every property it broke. */
    void run(Scenario scenario, TestInfo info) throws Exception {
        String name = info.getTestClass().map(Class::getSimpleName).orElse("chaos") + "."
            + info.getTestMethod().map(java.lang.reflect.Method::getName).orElse("test");
        cluster = ChaosCluster.create(Path.of("target", "chaos-it", name).toAbsolutePath(), LATENTS,
            LATENTS_PER_SPLIT, LLM_DELAY_MS);
        Outcome o = ChaosScenarios.run(scenario, cluster);
        System.out.printf(java.util.Locale.ROOT, "chaos %s: run %.1f s, fault to done %.1f s, %d LLM requests "
                + "(%d per latent), exits %s, %s%n", scenario, o.runSeconds(), o.faultToDone(), o.llmRequests(),
            o.llmRequests() / LATENTS, o.exits(), o.resends());
        if (o.verdict().ok()) {
            cluster.printReport(System.out, 0); // the timeline (on failure the extension prints it with the logs)
        }
        o.verdict().throwIfFailed(scenario + " (" + scenario.about + ")");
    }

    @AfterEach
    void closeCluster() {
        if (cluster != null) {
            cluster.close(failed);
        }
    }
}
