package dev.augur.pipeline;

import dev.augur.config.RunPlan;
import dev.augur.record.RecordStats;
import dev.augur.run.LatentResult;
import dev.augur.run.StageUsage;
import dev.augur.runfolder.RunLayout;
import dev.augur.tokenizer.TokenCounter;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * {@code augur run --estimate}: the run's own engine ({@link LocalPipeline}) on the same plan,
 * with an {@link EstimatingClient} in place of the server, so every record and every prompt is
 * built exactly as the run would build it and nothing is sent. Its files go to a temporary
 * folder that is deleted afterwards; the run folder is not touched. Blocks.
 */
public final class LocalEstimate {
    private LocalEstimate() {
    }

    /**
     * @param tokenizer what prompt and answer tokens are counted with (the run's tokenizer.json
     *                  when the model's own is not at hand)
     */
    public static CostEstimate run(Vertx vertx, RunPlan plan, Path tokenizer) {
        Path scratch = scratchFolder();
        try (TokenCounter counter = TokenCounter.open(tokenizer)) {
            RunPlan throwaway = plan.withLayout(RunLayout.of(scratch, "estimate"));
            Map<String, StageUsage> byStage = new ConcurrentHashMap<>();
            AtomicLong latents = new AtomicLong();
            LocalPipeline.run(vertx, throwaway, new EstimatingClient(counter), new RunObserver() {
                @Override
                public void onResult(LatentResult r) {
                    latents.incrementAndGet();
                    r.usage().forEach((stage, u) -> byStage.merge(stage, u, StageUsage::plus));
                }

                @Override
                public void onFinished(RecordStats stats, Throwable error) {
                }
            }).await();
            return new CostEstimate(latents.get(), inStageOrder(plan, byStage));
        } finally {
            delete(scratch);
        }
    }

    private static Map<String, StageUsage> inStageOrder(RunPlan plan, Map<String, StageUsage> byStage) {
        Map<String, StageUsage> out = new LinkedHashMap<>();
        if (plan.generatesExplanations() || byStage.containsKey(LatentFlow.EXPLAINER)) {
            out.put(LatentFlow.EXPLAINER, byStage.getOrDefault(LatentFlow.EXPLAINER, StageUsage.NONE));
        }
        for (String s : plan.scorerNames()) {
            out.put(s, byStage.getOrDefault(s, StageUsage.NONE));
        }
        return out;
    }

    private static Path scratchFolder() {
        try {
            return Files.createTempDirectory("augur-estimate-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
