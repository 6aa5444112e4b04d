package dev.augur.pipeline;

import dev.augur.config.RunPlan;
import dev.augur.explain.Explanation;
import dev.augur.explain.ExplanationStore;
import dev.augur.metrics.ScoreFiles;
import dev.augur.metrics.ScoreSample;
import dev.augur.record.LatentRecord;
import dev.augur.run.LatentResult;
import dev.augur.run.StageUsage;
import dev.augur.runfolder.RunLayout;
import dev.augur.score.ScorerKind;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One latent's way through the run, apart from how latents are scheduled: the resume check, the
 * explanation (kept, generated or loaded, and written to the run), every scorer not yet on disk
 * (each file written as soon as it is scored), then the completion record. It reaches the
 * stages only through {@link StageCalls}, so it is tested with a fake and no cluster. Its
 * answer is never a failed future: a failure is the latent's status.
 */
final class LatentFlow {
    /** The explainer's key in a latent's usage (scorers use their names). */
    static final String EXPLAINER = "explainer";
    /** What explanation-free scorers get: nothing is read or written. */
    private static final Explanation NO_EXPLANATION = new Explanation("", false, "none");
    private final Vertx vertx;
    private final RunPlan plan;
    private final StageCalls stages;
    private final long requestBoundMs;
    private final RunLayout layout;
    private final ExplanationStore own;
    private final boolean copyLoaded;

    /**
     * @param requestBoundMs the deadline of a cluster-wide request (explain, score): the node's
     *                       last-resort bound, since their own deadlines travel with them
     */
    LatentFlow(Vertx vertx, RunPlan plan, StageCalls stages, long requestBoundMs) {
        this.vertx = vertx;
        this.plan = plan;
        this.stages = stages;
        this.requestBoundMs = requestBoundMs;
        this.layout = plan.layout();
        this.own = new ExplanationStore(layout.explanations());
        this.copyLoaded = plan.explanationSource() != null && !sameFolder(plan.explanationSource(), layout.explanations());
    }

    private static boolean sameFolder(java.nio.file.Path a, java.nio.file.Path b) {
        if (a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize())) {
            return true;
        }
        try { // a link to the run's own folder is the same folder: the control must not overwrite it
            return java.nio.file.Files.exists(a) && java.nio.file.Files.exists(b) && java.nio.file.Files.isSameFile(a, b);
        } catch (java.io.IOException e) {
            return true;
        }
    }

    /** One latent: resume check, explanation, every scorer, then its files exactly once. */
    Future<LatentResult> process(LatentRecord r, WireRecord wire) {
        return vertx.executeBlocking(() -> alreadyDone(r), false).compose(done -> {
            if (done == null) {
                return Future.succeededFuture(new LatentResult(r, null, Map.of(), LatentResult.Status.ALREADY_DONE, null));
            }
            Map<String, StageUsage> usage = new ConcurrentHashMap<>();
            return explanation(r, wire, usage).compose(ex -> scoreAll(r, wire, ex, done, usage))
                .compose(res -> stages.ask(Addresses.WRITE, new PipelineMessage.WriteResult(layout, res, plan.overwrite()),
                    Coordinator.LOCAL_STAGE_TIMEOUT_MS, true, PipelineMessage.Written.class).map(w -> res))
                .recover(err -> Future.succeededFuture(new LatentResult(r, null, Map.of(),
                    err instanceof StageClient.StageException se && se.code == Addresses.NO_EXPLANATION
                        ? LatentResult.Status.NO_EXPLANATION : LatentResult.Status.FAILED, err.getMessage(),
                    inStageOrder(usage))));
        });
    }

    /**
     * Null when the latent's completion record and every output exist (a resumed latent), else
     * the scorers whose files exist. Score files without a completion record are a latent whose
     * node died between its last score and its record: it is finished here, not skipped.
     */
    private Set<String> alreadyDone(LatentRecord r) {
        Set<String> done = doneScorers(r);
        boolean complete = !plan.overwrite() && done.size() == plan.scorerNames().size()
            && (!plan.generatesExplanations() || own.exists(r.name()))
            && java.nio.file.Files.exists(LatentOutputs.completion(layout, r.name()));
        return complete ? null : done;
    }

    private Set<String> doneScorers(LatentRecord r) {
        Set<String> done = new HashSet<>();
        if (!plan.overwrite()) {
            plan.scorerNames().stream().filter(s -> layout.hasScore(s, r.name())).forEach(done::add);
        }
        return done;
    }

    private Future<Explanation> explanation(LatentRecord r, WireRecord wire, Map<String, StageUsage> usage) {
        if (plan.needsNoExplanation()) {
            return Future.succeededFuture(NO_EXPLANATION);
        }
        if (plan.generatesExplanations() && !plan.overwrite()) {
            Future<Explanation> kept = vertx.executeBlocking(() -> own.read(r.name())
                .map(t -> new Explanation(t, true, "file")).orElse(null), false);
            return kept.compose(ex -> ex != null ? Future.succeededFuture(ex) : ask(r, wire, usage));
        }
        return ask(r, wire, usage);
    }

    /** The usage by stage: the explainer first, then the scorers in the plan's order. */
    private Map<String, StageUsage> inStageOrder(Map<String, StageUsage> usage) {
        Map<String, StageUsage> out = new LinkedHashMap<>();
        if (usage.containsKey(EXPLAINER)) {
            out.put(EXPLAINER, usage.get(EXPLAINER));
        }
        plan.scorerNames().stream().filter(usage::containsKey).forEach(n -> out.put(n, usage.get(n)));
        return out;
    }

    private Future<Explanation> ask(LatentRecord r, WireRecord wire, Map<String, StageUsage> usage) {
        boolean own = plan.local().explainer() != null;
        boolean clusterWide = !own && plan.explain().clusterWide();
        return stages.ask(own ? Addresses.EXPLAIN_LOCAL : clusterWide ? Addresses.EXPLAIN : Addresses.EXPLAIN_FILES,
                new PipelineMessage.Explain(plan.explain(), wire),
                clusterWide ? requestBoundMs : Coordinator.LOCAL_STAGE_TIMEOUT_MS,
                !clusterWide, PipelineMessage.Explained.class)
            .compose(e -> {
                if (e.usage() != null) {
                    usage.put(EXPLAINER, e.usage());
                }
                Explanation ex = new Explanation(e.text(), e.parsed(), e.source());
                if (!plan.generatesExplanations() && !copyLoaded) {
                    return Future.succeededFuture(ex);
                }
                // another coordinator's explanation may have landed first: score with the one on disk
                return stages.ask(Addresses.WRITE, new PipelineMessage.WriteExplanation(layout, r.name(), ex.text(),
                        plan.overwrite()), Coordinator.LOCAL_STAGE_TIMEOUT_MS, true, PipelineMessage.ExplanationOnDisk.class)
                    .map(d -> d.text().equals(ex.text()) ? ex : new Explanation(d.text(), true, "file"));
            });
    }

    /** One scorer's request: built-in ones go to the cluster, the caller's own stay on this node. */
    private Future<PipelineMessage.Scored> score(String name, WireRecord wire, Explanation ex) {
        ScorerKind kind = plan.scorers().stream().filter(k -> k.folder().equals(name)).findFirst().orElse(null);
        return kind != null
            ? stages.ask(Addresses.score(kind), new PipelineMessage.Score(kind, plan.scorerSettings(), wire,
                ex.text(), ex.parsed()), requestBoundMs, false, PipelineMessage.Scored.class)
            : stages.ask(Addresses.localScore(name), new PipelineMessage.ScoreLocal(name, wire, ex.text(),
                ex.parsed()), Coordinator.LOCAL_STAGE_TIMEOUT_MS, true, PipelineMessage.Scored.class);
    }

    private Future<LatentResult> scoreAll(LatentRecord r, WireRecord wire, Explanation ex, Set<String> done,
                                          Map<String, StageUsage> usage) {
        List<String> ran = plan.scorerNames().stream().filter(s -> !done.contains(s)).toList();
        // Each scorer's file is written as soon as it is scored, so a scorer that fails does not
        // cost the others' work: a rerun asks only for what is missing.
        List<Future<PipelineMessage.Scored>> runs = ran.stream().map(name -> score(name, wire, ex)
            .onSuccess(scored -> {
                if (scored.usage() != null) {
                    usage.put(name, scored.usage());
                }
            })
            .compose(scored -> stages.ask(Addresses.WRITE, new PipelineMessage.WriteScore(layout, r.name(),
                name, scored.samples(), plan.overwrite()), Coordinator.LOCAL_STAGE_TIMEOUT_MS, true,
                PipelineMessage.Written.class).map(w -> scored))).toList();
        // the scorers already on disk count too: the completion record names every scorer
        Future<Map<String, List<ScoreSample>>> kept = done.isEmpty() ? Future.succeededFuture(Map.of())
            : vertx.executeBlocking(() -> {
                Map<String, List<ScoreSample>> m = new LinkedHashMap<>();
                for (String name : done) {
                    m.put(name, ScoreFiles.read(layout.scoreFile(name, r.name())));
                }
                return m;
            }, false);
        return Future.all(runs).compose(all -> kept).map(existing -> {
            Map<String, List<ScoreSample>> scores = new LinkedHashMap<>();
            for (String name : plan.scorerNames()) {
                int i = ran.indexOf(name);
                List<ScoreSample> samples = i >= 0 ? runs.get(i).result().samples() : existing.get(name);
                if (samples != null) {
                    scores.put(name, samples);
                }
            }
            return new LatentResult(r, ex, scores, LatentResult.Status.SCORED, null, inStageOrder(usage));
        });
    }
}
