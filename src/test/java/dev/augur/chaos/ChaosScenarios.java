package dev.augur.chaos;

import dev.augur.chaos.ChaosCluster.Node;
import dev.augur.chaos.ChaosCluster.Summary;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The chaos scenarios, shared by the integration tests ({@code *ChaosIT}) and the benchmark
 * ({@link ChaosBench}): start a cluster of real node processes from the shipped configs, inject
 * one fault mid-run, and check what a user relies on:
 * <ul>
 *   <li>the run completes within a stated bound after the fault;</li>
 *   <li>every latent has exactly one completion record naming every scorer, one score file per
 *   scorer (fuzz, detection) and one explanation; no {@code .tmp} file is left under results;</li>
 *   <li>every live coordinator's summary line says "done" with 0 failed (each coordinator of a
 *   run logs one when the whole run is done);</li>
 *   <li>re-sent requests are counted where a node died holding requests ({@link Resends});</li>
 *   <li>every surviving node exits with status 0 on SIGTERM within a bound.</li>
 * </ul>
 * Failures are collected in a {@link Verdict}; a deadline that passes ends the scenario (the
 * cluster is then killed by the caller's {@link ChaosCluster#close}).
 */
public final class ChaosScenarios {
    /** What goes wrong, mid-run. */
    public enum Scenario {
        FAULT_FREE("no fault: the control run (full node + 2 scorer nodes)"),
        SCORER_KILL("SIGKILL a scorer node (not the Hazelcast master) mid-run"),
        MASTER_KILL("SIGKILL the Hazelcast master (the oldest member, a scorer node) mid-run"),
        COORDINATOR_KILL("SIGKILL one of two coordinator nodes sharing a run folder, mid-run"),
        LLM_OUTAGE("the LLM server down (connections refused) for a while mid-run, then back"),
        SCORER_TERM("SIGTERM a scorer node mid-run: it exits with status 0");

        public final String about;

        Scenario(String about) {
            this.about = about;
        }
    }

    /**
     * The bounds a FIXED product should meet comfortably on a loaded 2-core machine. Nothing here
     * is given to the product: it runs with the shipped configs' settings and defaults.
     *
     * @param boot starting the nodes (JVM, Hazelcast join, stages) until each logs "ready"
     * @param run a fault-free run, from the coordinator's start to its summary line
     * @param afterScorerKill from a scorer node's SIGKILL or SIGTERM to the summary line
     * @param afterCoordinatorKill from a coordinator's SIGKILL to the survivor's summary line
     * @param outage how long the LLM server stays down
     * @param afterOutage from the LLM's return to the summary line
     * @param termExit a node that got SIGTERM mid-run exits within this
     * @param idleTermExit a node that got SIGTERM after the run exits within this
     */
    public record Bounds(Duration boot, Duration run, Duration afterScorerKill, Duration afterCoordinatorKill,
                         Duration outage, Duration afterOutage, Duration termExit, Duration idleTermExit) {
        /**
         * For a run of {@code latents}: the fault-free bound grows with the run (1.5 s a latent,
         * at least 60 s: a 40-latent run takes 10-30 s here); a scorer's death may cost up to a
         * fault-free run plus 60 s, a coordinator's plus 90 s, the LLM's return plus a run.
         */
        public static Bounds forLatents(int latents) {
            Duration run = Duration.ofSeconds(Math.max(60, (long) (1.5 * latents)));
            return new Bounds(Duration.ofSeconds(180), run, run.plusSeconds(60), run.plusSeconds(90),
                Duration.ofSeconds(35), run.plusSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(30));
        }
    }

    /** LLM prompts one latent costs with the shipped settings: 1 explanation + 20 fuzz + 20 detection (measured). */
    public static final int PROMPTS_PER_LATENT = 41;
    /** A scorer node is killed once it has received this many explain/score requests. */
    static final int SERVED_BEFORE_KILL = 3;
    /** A coordinator is killed once it has written this many latents (and holds more). */
    static final int WRITTEN_BEFORE_KILL = 3;

    /**
     * What happened, for the tests' verdict and the bench's table. Times are on the cluster's
     * clock (s): {@code firstLeftAt} when the first "left the cluster" line of Augur's was seen
     * ({@code leftLineResent} the counts the coordinators' such lines name, -1 if none), {@code firstResentAt} when a
     * coordinator's re-sent counter first rose after the fault; {@code summaries} one per live
     * coordinator.
     */
    public record Outcome(Scenario scenario, boolean faultInjected, int latents, double coordinatorStart,
                          double faultAt, double faultEnd, double doneAt, double firstLeftAt, int leftLineResent,
                          double firstResentAt, int llmRequests, List<Summary> summaries, Map<String, Integer> exits,
                          String resends, Verdict verdict) {
        public double runSeconds() {
            return doneAt - coordinatorStart;
        }

        public double faultToDone() {
            return doneAt - faultAt;
        }

        public double faultToFirstLeft() {
            return firstLeftAt - faultAt;
        }

        public double faultToFirstResent() {
            return firstResentAt - faultAt;
        }

        /** Re-sent requests over the summaries, -1 if no summary names the field. */
        public int summaryResent() {
            return Resends.summaryCount(summaries);
        }
    }

    private ChaosScenarios() {
    }

    /** A scenario as the tests run it: with its fault. */
    public static Outcome run(Scenario s, ChaosCluster c) throws Exception {
        return run(s, c, Bounds.forLatents(c.latents()), true);
    }

    /**
     * Runs scenario {@code s} on {@code c}; {@code inject} false runs the same cluster without the
     * fault (the bench's baseline). Never throws for a property the product breaks: see the verdict.
     */
    public static Outcome run(Scenario s, ChaosCluster c, Bounds b, boolean inject) throws Exception {
        return new Run(s, c, b, inject).go();
    }

    private static final class Run {
        final Scenario s;
        final ChaosCluster c;
        final Bounds b;
        final boolean inject;
        final Verdict v = new Verdict();
        final List<Node> coordinators = new ArrayList<>();
        final Map<String, Integer> exits = new LinkedHashMap<>();
        double coordinatorStart = Double.NaN;
        double faultAt = Double.NaN;
        double faultEnd = Double.NaN;
        double doneAt = Double.NaN;
        double firstLeftAt = Double.NaN;
        int leftLineResent = -1;
        double firstResentAt = Double.NaN;
        final Map<Node, Summary> summaries = new LinkedHashMap<>();
        String resends = "";
        Node victim;

        Run(Scenario s, ChaosCluster c, Bounds b, boolean inject) {
            this.s = s;
            this.c = c;
            this.b = b;
            this.inject = inject && s != Scenario.FAULT_FREE;
        }

        Outcome go() throws Exception {
            try {
                c.event("scenario " + s + (inject ? "" : " (no fault injected)") + ": " + s.about);
                start();
                Deadline completion = fault();
                awaitCompletion(completion);
                checkRunFolder();
                checkResends();
                terminateSurvivors();
            } catch (AssertionError e) { // a deadline passed or the scenario could not go on
                v.fail(e.getMessage() + (e.getCause() != null ? " (" + e.getCause() + ")" : ""));
            }
            c.event("verdict: " + (v.ok() ? "passed" : v.failures()));
            return new Outcome(s, inject, c.latents(), coordinatorStart, faultAt, faultEnd, doneAt, firstLeftAt,
                leftLineResent, firstResentAt, c.llmRequests(), List.copyOf(summaries.values()), exits, resends, v);
        }

        /**
         * The coordinator hands its whole run out the moment it starts (the shipped
         * max-latents-in-flight covers these runs, and the stage queues hold every request), so
         * scorer nodes that join later get nothing: every scorer node is ready before a
         * coordinator node starts. The first node started is the Hazelcast master.
         */
        void start() throws Exception {
            Deadline boot = Deadline.in(b.boot());
            if (s == Scenario.COORDINATOR_KILL) {
                Node scorer = c.startFirst("scorer", ChaosCluster.SCORER, boot);
                c.awaitReady(boot, scorer);
                Node f1 = c.start("full-1", ChaosCluster.FULL);
                Node f2 = c.start("full-2", ChaosCluster.FULL); // same cache, same run folder
                coordinatorStart = c.clock();
                coordinators.addAll(List.of(f1, f2));
                c.awaitReady(boot, f1, f2);
                c.awaitClusterSize(Deadline.inSeconds(60), 3, scorer, f1, f2);
                return;
            }
            Node a;
            Node bNode;
            if (s == Scenario.MASTER_KILL) { // A first: the oldest member, the master
                a = c.startFirst("scorer-A", ChaosCluster.SCORER, boot);
                bNode = c.start("scorer-B", ChaosCluster.SCORER);
            } else { // B first: the master is a node this scenario leaves alone
                bNode = c.startFirst("scorer-B", ChaosCluster.SCORER, boot);
                a = c.start("scorer-A", ChaosCluster.SCORER);
            }
            c.awaitReady(boot, a, bNode);
            c.awaitClusterSize(Deadline.inSeconds(60), 2, a, bNode);
            Node full = c.start("full", ChaosCluster.FULL);
            coordinatorStart = c.clock();
            coordinators.add(full);
            c.awaitReady(boot, full);
            c.awaitClusterSize(Deadline.inSeconds(60), 3, a, bNode, full);
            boolean aIsMaster = c.isMaster(a);
            if (s == Scenario.MASTER_KILL && !aIsMaster) {
                throw new AssertionError("scorer-A should be the Hazelcast master (started first): " + c.memberList(a));
            }
            if (s != Scenario.MASTER_KILL && aIsMaster) {
                throw new AssertionError("scorer-A should not be the Hazelcast master: " + c.memberList(a));
            }
            victim = a;
        }

        /** Injects the fault; returns the deadline for the run's completion. */
        Deadline fault() throws Exception {
            if (!inject) {
                return Deadline.in(b.run());
            }
            Deadline trigger = Deadline.in(b.run());
            switch (s) {
                case SCORER_KILL, MASTER_KILL, SCORER_TERM -> {
                    trigger.await(victim.name() + " served >= " + SERVED_BEFORE_KILL + " explain/score requests",
                        () -> c.llmStageRequests(victim) >= SERVED_BEFORE_KILL);
                    requireMidRun();
                    faultAt = c.clock();
                    if (s == Scenario.SCORER_TERM) {
                        c.term(victim);
                        Deadline completion = Deadline.in(b.afterScorerKill());
                        try {
                            int status = c.waitExit(victim, b.termExit());
                            exits.put(victim.name() + " (SIGTERM mid-run)", status);
                            v.check(status == 0, victim.name() + " exited with status " + status
                                + " on SIGTERM mid-run (expected 0)");
                        } catch (AssertionError e) {
                            v.fail(e.getMessage());
                            c.kill9(victim);
                        }
                        return completion;
                    }
                    c.kill9(victim);
                    return Deadline.in(b.afterScorerKill());
                }
                case COORDINATOR_KILL -> {
                    Node[] chosen = {null};
                    trigger.await("a coordinator wrote >= " + WRITTEN_BEFORE_KILL + " latents and holds more", () -> {
                        for (Node n : coordinators) {
                            Map<String, Double> m = c.scrape(n);
                            if (ChaosCluster.sum(m, "augur_latents_written") >= WRITTEN_BEFORE_KILL
                                && ChaosCluster.sum(m, "augur_latents_in_flight") > 0) {
                                chosen[0] = n;
                                return true;
                            }
                        }
                        return false;
                    });
                    victim = chosen[0];
                    requireMidRun();
                    faultAt = c.clock();
                    c.kill9(victim);
                    coordinators.remove(victim);
                    return Deadline.in(b.afterCoordinatorKill());
                }
                case LLM_OUTAGE -> {
                    int quarter = c.latents() * PROMPTS_PER_LATENT / 4;
                    trigger.await("the LLM server got " + quarter + " prompts", () -> c.llmRequests() >= quarter);
                    requireMidRun();
                    faultAt = c.clock();
                    c.stopLlm();
                    Deadline.sleep(b.outage().toMillis());
                    c.startLlm();
                    faultEnd = c.clock();
                    return Deadline.in(b.afterOutage());
                }
                default -> throw new IllegalStateException(s.name());
            }
        }

        /** A fault after the run finished proves nothing. */
        void requireMidRun() throws IOException {
            for (Node n : coordinators) {
                if (c.summary(n).isPresent()) {
                    throw new AssertionError("the run finished before the fault: the scenario proves nothing "
                        + "(a bigger cache or a slower test LLM is needed)");
                }
            }
            c.event("fault mid-run: " + c.doneRecords().size() + " of " + c.latents() + " latents done, "
                + c.llmRequests() + " LLM requests so far");
        }

        /**
         * Waits until every live coordinator has logged its summary line (a coordinator logs it
         * once the whole run is done, whoever did the work; one that found nothing left to
         * claim notices within a third of the lease).
         */
        void awaitCompletion(Deadline completion) throws IOException {
            completion.await("the summary line (\"augur: run ... done: ...\") of every live coordinator among "
                + coordinators.stream().map(Node::name).toList(), () -> {
                    watchResends();
                    List<Node> live = coordinators.stream().filter(Node::alive).toList();
                    if (live.isEmpty()) {
                        throw new AssertionError("every coordinator node exited before the run was done");
                    }
                    for (Node n : live) {
                        if (!summaries.containsKey(n)) {
                            c.summary(n).ifPresent(x -> summaries.put(n, x));
                        }
                    }
                    return summaries.keySet().containsAll(live);
                });
            doneAt = c.clock();
            leftLineResent = leftLinesResent();
            summaries.forEach((n, x) -> c.event("summary of " + n.name() + " after "
                + String.format(java.util.Locale.ROOT, "%.1f", doneAt - coordinatorStart) + " s"
                + (Double.isNaN(faultAt) ? "" : String.format(java.util.Locale.ROOT, " (%.1f s after the fault)",
                    doneAt - faultAt)) + ": " + x.line()));
        }

        /**
         * The counts the live coordinators' "left the cluster" lines name, summed (they are the
         * nodes that re-send); -1 if no such line names a count.
         */
        int leftLinesResent() throws IOException {
            int sum = -1;
            for (Node n : coordinators) {
                if (n.alive()) {
                    for (String line : c.logLines(n, Resends.LEFT)) {
                        int k = Resends.isProductLine(line) ? Resends.countIn(line) : -1;
                        if (k >= 0) {
                            sum = Math.max(sum, 0) + k;
                        }
                    }
                }
            }
            return sum;
        }

        /**
         * After the fault: when Augur first logs that a member "left the cluster" (and the count it
         * names), and when a live coordinator's re-sent counter first rises (the first lost
         * request sent again).
         */
        void watchResends() throws IOException, InterruptedException {
            if (Double.isNaN(faultAt)) {
                return;
            }
            if (Double.isNaN(firstLeftAt)) {
                for (Node n : c.alive()) {
                    List<String> left = c.logLines(n, Resends.LEFT).stream().filter(Resends::isProductLine).toList();
                    if (!left.isEmpty()) {
                        firstLeftAt = c.clock();
                        c.event("first \"" + Resends.LEFT + "\" line, on " + n.name() + ": " + left.get(0));
                        break;
                    }
                }
            }
            if (Double.isNaN(firstResentAt)) {
                for (Node n : coordinators) {
                    if (n.alive() && c.metric(n, Resends.METRIC) > 0) {
                        firstResentAt = c.clock();
                        c.event("first re-sent request counted, on " + n.name() + ": " + Resends.byReason(c, n));
                        break;
                    }
                }
            }
        }

        void checkRunFolder() throws IOException {
            Set<String> expected = c.latentNames();
            compare("completion records (done/*.json)", expected, c.doneRecords());
            compare("explanations", expected, c.explanations());
            List<String> scorers = c.scorers();
            for (String scorer : scorers) {
                compare("scores/" + scorer, expected, c.scoreFiles(scorer));
            }
            int unreadable = 0;
            for (String latent : c.doneRecords()) {
                try {
                    JsonObject rec = new JsonObject(Files.readString(c.runDir().resolve("done/" + latent + ".json")));
                    if (!new TreeSet<>(rec.getJsonArray("scorers").getList()).containsAll(scorers)) {
                        v.fail("done/" + latent + ".json does not name every scorer " + scorers + ": " + rec.encode());
                    }
                } catch (RuntimeException e) {
                    unreadable++;
                }
            }
            v.check(unreadable == 0, unreadable + " completion records are not JSON with a scorers list");
            v.check(c.tmpFiles().isEmpty(), "temporary files left under results: " + c.tmpFiles());
            int accounted = 0;
            for (Summary x : summaries.values()) {
                v.check(x.done(), "a summary says the run stopped: " + x.line());
                v.check(x.failed() == 0, "a summary reports failed latents: " + x.line());
                accounted += x.scored() + x.alreadyDone();
            }
            if (inject && s == Scenario.LLM_OUTAGE) { // the coordinator's node prompts too: its client saw the outage
                v.check(summaries.values().stream().anyMatch(x -> x.llmDown().orElse(0) > 0),
                    "the summary should report the LLM outage (\"LLM endpoint down N time(s)\"): "
                        + summaries.values().stream().map(Summary::line).toList());
            }
            if (!inject || s != Scenario.COORDINATOR_KILL) { // the dead coordinator's latents have no summary
                v.check(accounted == c.latents(), "the summaries account for " + accounted + " of "
                    + c.latents() + " latents: " + summaries.values().stream().map(Summary::line).toList());
            }
        }

        void compare(String what, Set<String> expected, Set<String> actual) {
            if (!expected.equals(actual)) {
                Set<String> missing = new TreeSet<>(expected);
                missing.removeAll(actual);
                Set<String> extra = new TreeSet<>(actual);
                extra.removeAll(expected);
                v.fail(what + ": " + actual.size() + " of " + expected.size() + " latents"
                    + (missing.isEmpty() ? "" : ", missing " + abbreviate(missing))
                    + (extra.isEmpty() ? "" : ", unexpected " + abbreviate(extra)));
            }
        }

        static String abbreviate(Set<String> names) {
            List<String> l = new ArrayList<>(names);
            return l.size() <= 8 ? l.toString() : l.subList(0, 8) + " and " + (l.size() - 8) + " more";
        }

        /** Who served what: explain/score requests and LLM prompts per live node. */
        void reportShares() {
            StringBuilder b = new StringBuilder("work served (explain/score requests, prompts sent):");
            for (Node n : c.alive()) {
                try {
                    Map<String, Double> m = c.scrape(n);
                    b.append(' ').append(n.name()).append(' ').append((long) (ChaosCluster.sum(m, "augur_stage_requests",
                            "address=\"augur.score.") + ChaosCluster.sum(m, "augur_stage_requests", "address=\"augur.explain\"")))
                        .append('/').append((long) ChaosCluster.sum(m, "augur_llm_prompts_sent")).append(';');
                } catch (IOException | InterruptedException e) {
                    b.append(' ').append(n.name()).append(" unreadable;");
                }
            }
            c.event(b.toString());
        }

        void checkResends() {
            reportShares();
            List<Node> live = coordinators.stream().filter(Node::alive).toList();
            if (inject && (s == Scenario.SCORER_KILL || s == Scenario.MASTER_KILL)) {
                resends = Resends.expectResent(c, live, List.copyOf(summaries.values()), v);
            } else {
                resends = Resends.report(c, live, List.copyOf(summaries.values()));
            }
            c.event("re-sends: " + resends);
        }

        /** SIGTERM to every node still running, all at once; each must exit 0 within the bound. */
        void terminateSurvivors() throws Exception {
            List<Node> live = c.alive();
            for (Node n : live) {
                c.term(n);
            }
            Deadline exit = Deadline.in(b.idleTermExit());
            for (Node n : live) {
                try {
                    int status = c.waitExit(n, exit.left());
                    exits.put(n.name(), status);
                    v.check(status == 0, n.name() + " exited with status " + status + " on SIGTERM after the run (expected 0)");
                } catch (AssertionError e) {
                    v.fail(e.getMessage());
                }
            }
        }
    }
}
