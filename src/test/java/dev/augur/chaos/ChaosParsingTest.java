package dev.augur.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** What the chaos harness reads from node logs and /metrics (a unit test: no process started). */
class ChaosParsingTest {
    @Test
    void summaryLinesWithAndWithoutTheResentField() {
        ChaosCluster.Summary s = ChaosCluster.parseSummary("08:14:45 INFO dev.augur.pipeline: augur: run /r/cluster-run "
            + "done: 38 scored, 2 already done, 0 without explanation, 0 failed (selected 40, dead 0, below "
            + "min_examples 0, no train examples 0, built 40), 3 request(s) re-sent in 19.22 s");
        assertTrue(s.done());
        assertEquals(38, s.scored());
        assertEquals(2, s.alreadyDone());
        assertEquals(0, s.failed());
        assertEquals(OptionalInt.of(3), s.resent());
        assertEquals(OptionalInt.empty(), s.llmDown());
        ChaosCluster.Summary down = ChaosCluster.parseSummary("augur: run /r/x done: 40 scored, 0 already done, 0 without "
            + "explanation, 0 failed (selected 40, dead 0, below min_examples 0, built 40), 0 request(s) re-sent, LLM "
            + "endpoint down 2 time(s) for 35.2 s in 80.00 s");
        assertEquals(OptionalInt.of(2), down.llmDown());
        assertEquals(OptionalInt.of(0), down.resent());
        assertEquals(40, down.scored());
        ChaosCluster.Summary old = ChaosCluster.parseSummary("augur: run /r/x stopped: 8 scored, 0 already done, "
            + "0 without explanation, 32 failed (selected 40, dead 0, below min_examples 0, built 40) in 19.22 s");
        assertFalse(old.done());
        assertEquals(32, old.failed());
        assertEquals(OptionalInt.empty(), old.resent());
    }

    @Test
    void leftTheClusterLinesNameTheirCount() {
        assertEquals(3, Resends.countIn("08:16:05 WARNING dev.augur.pipeline: augur node: member "
            + "2d6792de-5486-4f96-a087-216034f6a988 left the cluster: 3 request(s) it held re-sent"));
        assertEquals(12, Resends.countIn("member x left the cluster, re-sent 12 requests"));
        assertEquals(-1, Resends.countIn("member 42 left the cluster"));
        assertTrue(Resends.isProductLine("08:16:05 WARNING dev.augur.pipeline: augur node: member a left the cluster"));
        assertFalse(Resends.isProductLine("08:08:25 WARNING com.hazelcast.internal.partition.InternalPartitionService: "
            + "(Probably they have recently joined or left the cluster.) {"));
    }

    @Test
    void prometheusSamplesAreSummedByNameAndLabels() {
        Map<String, Double> m = Map.of(
            "augur_stage_requests_total{address=\"augur.score.fuzz\",}", 3.0,
            "augur_stage_requests_total{address=\"augur.explain\",}", 2.0,
            "augur_requests_resent_total{reason=\"member-left\",}", 4.0,
            "augur_latents_in_flight", 7.0);
        assertEquals(5.0, ChaosCluster.sum(m, "augur_stage_requests"));
        assertEquals(3.0, ChaosCluster.sum(m, "augur_stage_requests", "address=\"augur.score."));
        assertEquals(4.0, ChaosCluster.sum(m, Resends.METRIC));
        assertEquals(7.0, ChaosCluster.sum(m, "augur_latents_in_flight"));
    }
}
