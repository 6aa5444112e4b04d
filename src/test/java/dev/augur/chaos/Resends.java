package dev.augur.chaos;

import java.io.IOException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ====================================================================================
 * EXPECTATIONS ON RE-SENT REQUESTS, kept in this one class so they are easy to adjust.
 * ====================================================================================
 * They name product features that were being built while these tests were written (on main):
 * <ul>
 *   <li>a Prometheus counter {@value #METRIC} (exported as {@code augur_requests_resent_total}),
 *   tagged {@code reason}, on coordinator nodes: requests re-sent to another node because the
 *   node holding them left or went silent;</li>
 *   <li>a field "N re-sent" (main writes "N request(s) re-sent") in the coordinator's summary line
 *   ("augur: run DIR done: ..."), parsed by {@link ChaosCluster#parseSummary};</li>
 *   <li>a log line containing {@value #LEFT} when a member leaves, with the number of requests
 *   re-sent (read defensively: the wording is not fixed; the bench reads the time it appears).</li>
 * </ul>
 * If the product settles on other names or wording, change them here and only here.
 */
final class Resends {
    /** The counter's name as registered; {@link ChaosCluster#metric} also matches its {@code _total} form. */
    static final String METRIC = "augur_requests_resent";
    /** What the log line about a member that left contains. */
    static final String LEFT = "left the cluster";
    /** A count next to "re-sent"/"resent"/"re-sending" in any order ("3 requests re-sent", "re-sent 3"). */
    private static final Pattern COUNT = Pattern.compile(
        "(\\d+)\\s+(?:\\S+\\s+){0,3}?re-?sen(?:t|ding)|re-?sen(?:t|ding)\\s+(?:\\S+\\s+){0,2}?(\\d+)", Pattern.CASE_INSENSITIVE);

    private Resends() {
    }

    /**
     * Where a node died holding requests (scorer or master killed): the surviving coordinators
     * count re-sent requests in {@value #METRIC} and in their summary lines. Failures go to
     * {@code verdict}; what was seen is returned for the report.
     */
    static String expectResent(ChaosCluster c, List<ChaosCluster.Node> coordinators, List<ChaosCluster.Summary> summaries,
                               Verdict verdict) {
        double total = 0;
        StringBuilder seen = new StringBuilder();
        for (ChaosCluster.Node n : coordinators) {
            try {
                double v = c.metric(n, METRIC);
                total += v;
                seen.append(n.name()).append(' ').append(byReason(c, n)).append("; ");
            } catch (IOException | InterruptedException e) {
                verdict.fail("could not read " + METRIC + " from " + n + ": " + e);
            }
        }
        verdict.check(total > 0, "a node died holding requests, yet the coordinators' " + METRIC
            + "_total is " + total + " (expected > 0, tag reason)");
        int inSummaries = summaryCount(summaries);
        seen.append("summary re-sent=").append(inSummaries < 0 ? "absent" : String.valueOf(inSummaries));
        verdict.check(inSummaries > 0, "the summary line should report \"N re-sent\" with N > 0: "
            + summaries.stream().map(ChaosCluster.Summary::line).toList());
        return seen.toString();
    }

    /** What the nodes report about re-sends, for scenarios where none are required (LLM outage, SIGTERM, coordinator kill). */
    static String report(ChaosCluster c, List<ChaosCluster.Node> coordinators, List<ChaosCluster.Summary> summaries) {
        StringBuilder seen = new StringBuilder();
        for (ChaosCluster.Node n : coordinators) {
            seen.append(n.name()).append(' ').append(byReason(c, n)).append("; ");
        }
        int inSummaries = summaryCount(summaries);
        return seen.append("summary re-sent=").append(inSummaries < 0 ? "absent" : String.valueOf(inSummaries)).toString();
    }

    /** The re-sent counter of node {@code n} by its {@code reason} tag, e.g. {member-left=43.0}. */
    static java.util.Map<String, Double> byReason(ChaosCluster c, ChaosCluster.Node n) {
        java.util.Map<String, Double> out = new java.util.TreeMap<>();
        try {
            Matcher m;
            for (java.util.Map.Entry<String, Double> e : c.scrape(n).entrySet()) {
                if (e.getKey().startsWith(METRIC) && (m = REASON.matcher(e.getKey())).find()) {
                    out.merge(m.group(1), e.getValue(), Double::sum);
                }
            }
        } catch (IOException | InterruptedException e) {
            out.put("unreadable: " + e, Double.NaN);
        }
        return out;
    }

    private static final Pattern REASON = Pattern.compile("reason=\"([^\"]*)\"");

    /** The "re-sent" field summed over the summary lines, -1 if none has it. */
    static int summaryCount(List<ChaosCluster.Summary> summaries) {
        int n = -1;
        for (ChaosCluster.Summary s : summaries) {
            if (s.resent().isPresent()) {
                n = Math.max(n, 0) + s.resent().getAsInt();
            }
        }
        return n;
    }

    /** A line Augur logged (logger dev.augur...), not Hazelcast's "(Probably they have ... left the cluster.)". */
    static boolean isProductLine(String line) {
        return line.contains(" dev.augur");
    }

    /** The number of requests a "left the cluster" line says were re-sent, or -1 if it names none. */
    static int countIn(String line) {
        Matcher m = COUNT.matcher(line);
        if (!m.find()) {
            return -1;
        }
        return Integer.parseInt(m.group(1) != null ? m.group(1) : m.group(2));
    }
}
