package dev.augur.pipeline;

import dev.augur.config.RunPlan;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augur.cli.RunPlans;
import dev.augur.record.RecordStats;
import dev.augur.testing.Await;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.Lock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run's bookkeeping files are merged by one coordinator at a time (a cluster-wide lock). */
class FilesObserverTest {
    @TempDir
    Path dir;

    Vertx vertx;

    @AfterEach
    void close() throws Exception {
        vertx.close().await(30, TimeUnit.SECONDS);
    }

    @Test
    void aCoordinatorWaitsForAnotherOnesBookkeepingBeforeWritingItsOwn() throws Exception {
        vertx = Vertx.vertx();
        Path cache = PipelineFixture.cache(dir, 4);
        RunPlan plan = RunPlans.fromConfig(PipelineFixture.config(cache, dir.resolve("res"),
            "http://127.0.0.1:9", PipelineFixture.roles("all")), true).plan();
        FilesObserver observer = new FilesObserver(vertx, plan, () -> null, false, () -> 0, ClusterView.open(vertx));
        Path stats = plan.layout().runStats();

        // another coordinator of the same run is writing its bookkeeping
        Lock other = vertx.sharedData().getLock(FilesObserver.bookkeepingLock(plan)).await(10, TimeUnit.SECONDS);
        observer.onFinished(new RecordStats(), null);
        Thread.sleep(500);
        assertFalse(Files.exists(stats), "nothing written while the other coordinator holds the lock");

        other.release();
        Await.until("run stats written once the lock is free", () -> Files.exists(stats), Duration.ofSeconds(10));
        assertTrue(Files.exists(plan.layout().latents()));
    }
}
