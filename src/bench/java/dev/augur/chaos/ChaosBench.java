package dev.augur.chaos;

import dev.augur.chaos.ChaosScenarios.Bounds;
import dev.augur.chaos.ChaosScenarios.Outcome;
import dev.augur.chaos.ChaosScenarios.Scenario;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The chaos scenarios at bench size (bench/chaos-bench.sh): each scenario on a cache of a few
 * hundred latents, beside the same cluster without the fault, reporting per scenario
 * <ul>
 *   <li>the time from the fault to the first "left the cluster" line in any node's log (the
 *   product logs it with the number of requests it re-sent; the count is read defensively);</li>
 *   <li>the time from the fault to the run's completion, and the run's time against the
 *   fault-free run's;</li>
 *   <li>prompts paid twice: requests the test LLM server received, minus the fault-free run's.</li>
 * </ul>
 *   args: OUT_DIR LATENTS LATENTS_PER_SPLIT DELAY_MS SCENARIO[,SCENARIO...]
 * Each cluster's folder (node logs, configs, run folder) stays under OUT_DIR; the table is
 * printed and written to OUT_DIR/table.md.
 */
public final class ChaosBench {
    private ChaosBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 5) {
            System.err.println("usage: ChaosBench OUT_DIR LATENTS LATENTS_PER_SPLIT DELAY_MS SCENARIO[,SCENARIO...]");
            System.exit(2);
        }
        Path out = Path.of(args[0]).toAbsolutePath();
        int latents = Integer.parseInt(args[1]);
        int perSplit = Integer.parseInt(args[2]);
        long delay = Long.parseLong(args[3]);
        List<Scenario> scenarios = new ArrayList<>();
        for (String s : args[4].split(",")) {
            scenarios.add(Scenario.valueOf(s.trim().toUpperCase(Locale.ROOT)));
        }
        Bounds bounds = Bounds.forLatents(latents);
        Files.createDirectories(out);

        // Fault-free baselines, one per cluster shape: full node + 2 scorer nodes, and the
        // two-coordinator cluster of COORDINATOR_KILL.
        Map<String, Outcome> baselines = new LinkedHashMap<>();
        baselines.put("3 nodes", run(out, "baseline-3-nodes", Scenario.FAULT_FREE, latents, perSplit, delay, bounds, false));
        if (scenarios.contains(Scenario.COORDINATOR_KILL)) {
            baselines.put("2 coordinators", run(out, "baseline-2-coordinators", Scenario.COORDINATOR_KILL, latents,
                perSplit, delay, bounds, false));
        }
        List<String> rows = new ArrayList<>();
        for (Scenario s : scenarios) {
            if (s == Scenario.FAULT_FREE) {
                continue;
            }
            Outcome base = baselines.get(s == Scenario.COORDINATOR_KILL ? "2 coordinators" : "3 nodes");
            Outcome o = run(out, s.name().toLowerCase(Locale.ROOT), s, latents, perSplit, delay, bounds, true);
            rows.add(row(o, base));
        }
        StringBuilder t = new StringBuilder();
        t.append(String.format(Locale.ROOT, "chaos bench: %d latents (%d per split), test LLM delay %d ms, %d cores; "
            + "times in s; first re-sent request: a coordinator's augur_requests_resent_total first above 0 "
            + "(polled every 0.2 s); NaN = never seen%n%n", latents, perSplit, delay,
            Runtime.getRuntime().availableProcessors()));
        for (Map.Entry<String, Outcome> e : baselines.entrySet()) {
            Outcome b = e.getValue();
            t.append(String.format(Locale.ROOT, "fault-free, %s: run %.1f s, %d LLM requests (%.1f a latent), %s%n",
                e.getKey(), b.runSeconds(), b.llmRequests(), (double) b.llmRequests() / latents,
                b.verdict().ok() ? "all checks passed" : "failed: " + b.verdict().failures()));
        }
        t.append('\n');
        t.append("| scenario | checks | fault → first re-sent request | fault → first \"left the cluster\" line "
            + "| re-sent (coordinators' \"left\" lines / summaries) | fault → done | run (fault-free) | run − fault-free "
            + "| LLM requests (fault-free) | prompts paid twice | exit statuses |\n");
        t.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
        rows.forEach(r -> t.append(r).append('\n'));
        t.append('\n');
        for (Scenario s : scenarios) {
            t.append("- ").append(s).append(": ").append(s.about).append('\n');
        }
        Files.writeString(out.resolve("table.md"), t);
        System.out.println();
        System.out.println(t);
    }

    private static Outcome run(Path out, String name, Scenario s, int latents, int perSplit, long delay, Bounds b,
                               boolean inject) throws Exception {
        System.out.printf(Locale.ROOT, "== %s%s (%d latents)%n", s, inject ? "" : " without the fault (baseline)", latents);
        ChaosCluster c = ChaosCluster.create(out.resolve(name), latents, perSplit, delay);
        Outcome o;
        try {
            o = ChaosScenarios.run(s, c, b, inject);
        } finally {
            c.printReport(System.out, 0); // the timeline; the logs stay in the folder
            c.close(true); // keep the folder: the logs are the bench's evidence
        }
        System.out.printf(Locale.ROOT, "   run %.1f s, fault → done %.1f s, %d LLM requests, %s%n", o.runSeconds(),
            o.faultToDone(), o.llmRequests(), o.verdict().ok() ? "checks passed" : "FAILED: " + o.verdict().failures());
        return o;
    }

    /** A failure as a table cell: one line, at most 100 characters (the full list is printed above the table). */
    private static String shorten(String failure) {
        String one = failure.replace('|', '/').replace('\n', ' ');
        return one.length() <= 100 ? one : one.substring(0, 97) + "...";
    }

    private static String row(Outcome o, Outcome base) {
        int summaryResent = o.summaryResent();
        return String.format(Locale.ROOT, "| %s | %s | %.1f | %.1f | %s / %s | %.1f | %.1f (%.1f) | %.1f | %d (%d) | %d | %s |",
            o.scenario(), o.verdict().ok() ? "passed" : "FAILED (" + o.verdict().failures().size() + "): "
                + shorten(o.verdict().failures().get(0)),
            o.faultToFirstResent(), o.faultToFirstLeft(), o.leftLineResent() < 0 ? "-" : String.valueOf(o.leftLineResent()),
            summaryResent < 0 ? "absent" : String.valueOf(summaryResent),
            o.faultToDone(), o.runSeconds(), base.runSeconds(), o.runSeconds() - base.runSeconds(),
            o.llmRequests(), base.llmRequests(), o.llmRequests() - base.llmRequests(), o.exits());
    }
}
