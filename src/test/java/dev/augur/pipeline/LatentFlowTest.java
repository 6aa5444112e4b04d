package dev.augur.pipeline;

import dev.augur.config.RunPlan;
import dev.augur.config.LocalStages;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augur.cli.RunPlans;
import dev.augur.construct.ConstructorConfig;
import dev.augur.construct.NonActivatingSource;
import dev.augur.construct.WindowMode;
import dev.augur.explain.ExplanationStore;
import dev.augur.metrics.ScoreSample;
import dev.augur.record.LatentRecord;
import dev.augur.run.LatentResult;
import dev.augur.sample.SamplerConfig;
import dev.augur.sample.SamplingMode;
import dev.augur.sample.TrainType;
import dev.augur.score.ScorerKind;
import dev.augur.testing.Records;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One latent's flow without a cluster: a fake {@link StageCalls} answers the explain and score
 * stages and records what was asked; writes go to the real run folder through
 * {@link LatentOutputs}, so resuming is tested on real files.
 */
class LatentFlowTest {
    private static final ScoreSample SAMPLE = new ScoreSample(List.of("a"), new float[] {1f}, 0, true, true, null, true);

    static Vertx vertx;
    static LatentRecord record;
    @TempDir
    static Path shared;
    @TempDir
    Path dir;
    Path cache;

    @BeforeAll
    static void buildRecord() throws Exception {
        vertx = Vertx.vertx();
        ConstructorConfig c = new ConstructorConfig(8, 5, 0, 10, WindowMode.ALIGNED, NonActivatingSource.RANDOM, 22);
        SamplerConfig s = new SamplerConfig(TrainType.QUANTILES, 10, 10, 2, 0.2, SamplingMode.DISJOINT, 22);
        record = Records.build(PipelineFixture.cache(shared, 4), "0", c, s, null).get(0);
        assertFalse(record.isSkipped());
    }

    @AfterAll
    static void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @BeforeEach
    void writeCache() throws Exception {
        cache = PipelineFixture.cache(dir, 4);
    }

    /** Answers explain and score as told, writes for real, and notes every address asked. */
    static final class FakeStages implements StageCalls {
        final List<String> asked = new ArrayList<>();
        final List<PipelineMessage.Score> scored = new ArrayList<>();
        final Set<ScorerKind> failing = new HashSet<>();
        boolean explanationMissing;

        @Override
        public <T extends PipelineMessage> Future<T> ask(String address, PipelineMessage m, long timeoutMs,
                                                         boolean localOnly, Class<T> type) {
            asked.add(address);
            PipelineMessage answer;
            if (m instanceof PipelineMessage.Explain) {
                if (explanationMissing) {
                    return Future.failedFuture(new StageClient.StageException(Addresses.NO_EXPLANATION, "no explanation file"));
                }
                answer = new PipelineMessage.Explained("the letter a", true, "llm");
            } else if (m instanceof PipelineMessage.Score s) {
                scored.add(s);
                if (failing.contains(s.scorer())) {
                    return Future.failedFuture(new StageClient.StageException(500, s.scorer() + ": HTTP 401"));
                }
                answer = new PipelineMessage.Scored(List.of(SAMPLE));
            } else if (m instanceof PipelineMessage.ScoreLocal s) {
                assertTrue(localOnly, "the caller's own scorer never leaves the node");
                answer = new PipelineMessage.Scored(List.of(SAMPLE, SAMPLE));
            } else if (m instanceof PipelineMessage.WriteExplanation w) {
                answer = new PipelineMessage.ExplanationOnDisk(LatentOutputs.writeExplanation(w));
            } else if (m instanceof PipelineMessage.WriteScore w) {
                answer = new PipelineMessage.Written(LatentOutputs.writeScore(w));
            } else if (m instanceof PipelineMessage.WriteResult w) {
                answer = new PipelineMessage.Written(LatentOutputs.writeResult(w.layout(), w.result(), w.overwrite()));
            } else {
                throw new AssertionError("unexpected request to " + address + ": " + m);
            }
            return Future.succeededFuture(type.cast(answer));
        }

        long count(String address) {
            return asked.stream().filter(address::equals).count();
        }
    }

    private RunPlan plan(JsonObject changes) {
        JsonObject conf = PipelineFixture.config(cache, dir.resolve("res"), "http://127.0.0.1:9", PipelineFixture.roles("all"));
        return RunPlans.fromConfig(conf.mergeIn(changes), true).plan();
    }

    private static LatentResult run(RunPlan plan, FakeStages stages) throws Exception {
        return new LatentFlow(vertx, plan, stages, 60_000).process(record, null)
            .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Test
    void aFreshLatentIsExplainedScoredAndWrittenThenAResumeAsksNothing() throws Exception {
        RunPlan plan = plan(new JsonObject());
        FakeStages stages = new FakeStages();
        LatentResult r = run(plan, stages);
        assertEquals(LatentResult.Status.SCORED, r.status(), r.message());
        assertEquals(1, stages.count(Addresses.EXPLAIN));
        assertEquals(1, stages.count(Addresses.score(ScorerKind.DETECTION)));
        assertEquals(1, stages.count(Addresses.score(ScorerKind.FUZZ)));
        assertTrue(plan.layout().hasScore("detection", record.name()) && plan.layout().hasScore("fuzz", record.name()));
        assertTrue(Files.exists(plan.layout().completion(record.name())));
        assertEquals("the letter a", new ExplanationStore(plan.layout().explanations()).read(record.name()).orElseThrow());

        FakeStages again = new FakeStages();
        assertEquals(LatentResult.Status.ALREADY_DONE, run(plan, again).status());
        assertEquals(List.of(), again.asked, "a finished latent costs no request");
    }

    @Test
    void anExplanationAlreadyInTheRunIsReusedNotAskedAgain() throws Exception {
        RunPlan plan = plan(new JsonObject());
        new ExplanationStore(plan.layout().explanations()).write(record.name(), "kept from before");
        FakeStages stages = new FakeStages();
        assertEquals(LatentResult.Status.SCORED, run(plan, stages).status());
        assertEquals(0, stages.count(Addresses.EXPLAIN));
        assertTrue(stages.scored.stream().allMatch(s -> s.explanation().equals("kept from before")));
    }

    @Test
    void aFailingScorerFailsTheLatentKeepsTheOthersFileAndTheRerunAsksOnlyForIt() throws Exception {
        RunPlan plan = plan(new JsonObject());
        FakeStages first = new FakeStages();
        first.failing.add(ScorerKind.FUZZ);
        LatentResult r = run(plan, first);
        assertEquals(LatentResult.Status.FAILED, r.status());
        assertTrue(r.message().contains("HTTP 401"), r.message());
        assertTrue(plan.layout().hasScore("detection", record.name()), "the scorer that worked keeps its file");
        assertFalse(plan.layout().hasScore("fuzz", record.name()));
        assertFalse(Files.exists(plan.layout().completion(record.name())), "no completion record for a failed latent");

        FakeStages rerun = new FakeStages();
        assertEquals(LatentResult.Status.SCORED, run(plan, rerun).status());
        assertEquals(List.of(Addresses.score(ScorerKind.FUZZ), Addresses.WRITE, Addresses.WRITE), rerun.asked,
            "only the missing scorer, its file and the completion record");
        assertTrue(Files.exists(plan.layout().completion(record.name())));
    }

    @Test
    void aLoadedExplanationThatIsMissingEndsTheLatentWithoutScoring() throws Exception {
        Path loaded = Files.createDirectories(dir.resolve("loaded"));
        RunPlan plan = plan(new JsonObject().put("explainer", "none").put("explanations", loaded.toString()));
        FakeStages stages = new FakeStages();
        stages.explanationMissing = true;
        LatentResult r = run(plan, stages);
        assertEquals(LatentResult.Status.NO_EXPLANATION, r.status());
        assertEquals(List.of(Addresses.EXPLAIN_FILES), stages.asked, "nothing scored without an explanation");
        assertFalse(Files.exists(plan.layout().completion(record.name())));
    }

    @Test
    void theCallersOwnExplainerAndScorerAreAskedOnThisNodeAndWrittenLikeTheOthers() throws Exception {
        RunPlan plan = plan(new JsonObject().put("scorers", "detection")).withLocal(new LocalStages(
            (rec, decoder) -> Future.failedFuture("not called: the fake answers"), true,
            List.of(new LocalStages.LocalScorer("mine", c -> null))));
        FakeStages stages = new FakeStages();
        LatentResult r = run(plan, stages);
        assertEquals(LatentResult.Status.SCORED, r.status(), r.message());
        assertEquals(List.of("detection", "mine"), List.copyOf(r.scores().keySet()));
        assertEquals(1, stages.count(Addresses.EXPLAIN_LOCAL));
        assertEquals(0, stages.count(Addresses.EXPLAIN));
        assertEquals(1, stages.count(Addresses.localScore("mine")));
        assertTrue(plan.layout().hasScore("mine", record.name()));
        assertEquals("the letter a", new ExplanationStore(plan.layout().explanations()).read(record.name()).orElseThrow(),
            "an explainer that writes keeps its explanation in the run");

        FakeStages again = new FakeStages();
        assertEquals(LatentResult.Status.ALREADY_DONE, run(plan, again).status());
        assertEquals(List.of(), again.asked);
    }
}
