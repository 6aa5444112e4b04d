package dev.augur.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augur.AugurException;
import dev.augur.pipeline.NodeVerticle;
import dev.augur.testing.TestCache;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A {@code vertx run} node checks its run as {@code augur run} does: a bad config fails its deployment. */
class NodePreflightTest {
    @TempDir
    Path dir;
    Path cache;
    Vertx vertx;

    @BeforeEach
    void start() throws Exception {
        cache = dir.resolve("cache");
        TestCache.withPatternTokens(64, 32, 13).randomActivations(6, 3, 60)
            .write(cache, "layers.1", new int[][] {{0, 5}});
        Files.createDirectories(dir.resolve("expl"));
        vertx = Vertx.vertx();
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().await(30, TimeUnit.SECONDS);
    }

    private JsonObject config(String... roles) {
        return new JsonObject().put("node", new JsonObject().put("roles", new JsonArray(java.util.List.of(
                (Object[]) roles))).put("metricsPort", 0))
            .put("cache", cache.toString()).put("tokenizer", RunPreflightTest.TOKENIZER)
            .put("results", dir.resolve("results").toString()).put("name", "n")
            .put("example-ctx-len", 8).put("min-examples", 20)
            .put("explainer", "none").put("explanations", dir.resolve("expl").toString()).put("scorers", "embedding");
    }

    /** A node config's prompts key: the plan carries the folder's templates to every explain and score node. */
    @Test
    void aNodeConfigsPromptsFolderTravelsInThePlan() throws Exception {
        Path prompts = Files.createDirectories(dir.resolve("prompts"));
        Files.writeString(prompts.resolve("detection-system.txt"), "Mine.\n");
        RunPlans.Parsed p = RunPlans.fromConfig(config("all").put("prompts", prompts.toString()), true);
        assertEquals(java.util.Map.of("detection-system.txt", "Mine."), p.plan().scorerSettings().prompts().overrides());
        assertEquals(p.plan().scorerSettings().prompts(), p.plan().explain().prompts());
        Files.writeString(prompts.resolve("detection-system.txt"), "{{explanation}}");
        AugurException e = assertThrows(AugurException.class,
            () -> RunPlans.fromConfig(config("all").put("prompts", prompts.toString()), true));
        assertEquals("--prompts " + prompts.resolve("detection-system.txt") + ": unknown variable {{explanation}} "
            + "(this template has none)", e.getMessage());
    }

    /** "neighbours-method": the node finds or computes the run's neighbours file, and reads it. */
    @Test
    void aNodeConfigsNeighboursMethodComputesIntoTheRunFolder() {
        RunPlans.Parsed p = RunPlans.fromConfig(config("all").put("non-activating", "neighbours")
            .put("neighbours-method", "co-occurrence").put("neighbours-k", 3), true);
        Path folder = dir.resolve("results/n/neighbours");
        assertEquals(folder, p.plan().records().neighbours());
        assertTrue(Files.isRegularFile(folder.resolve("layers.1-co-occurrence.json")));
        assertEquals(3, p.plan().records().computeNeighbours().k());
        AugurException e = assertThrows(AugurException.class, () -> RunPlans.fromConfig(config("all")
            .put("neighbours-method", "co-occurrence"), true));
        assertTrue(e.getMessage().startsWith("--neighbours-method co-occurrence is used only with "
            + "--non-activating neighbours"), e.getMessage());
    }

    @Test
    void aNodeWithABadRunFailsItsDeploymentWithOneMessageAndWritesNothing() {
        JsonObject bad = config("all").put("example-ctx-len", 7);
        Exception e = assertThrows(Exception.class, () -> vertx.deployVerticle(new NodeVerticle(),
            new DeploymentOptions().setConfig(bad)).await(60, TimeUnit.SECONDS));
        assertTrue(e instanceof AugurException, e.toString());
        assertEquals("--example-ctx-len 7 does not divide the cached sequence length 32 of " + cache.resolve("layers.1"),
            e.getMessage());
        assertTrue(Files.notExists(dir.resolve("results")), "nothing written");

        JsonObject escaping = config("all").put("name", "../out");
        e = assertThrows(Exception.class, () -> vertx.deployVerticle(new NodeVerticle(),
            new DeploymentOptions().setConfig(escaping)).await(60, TimeUnit.SECONDS));
        assertTrue(e.getMessage().startsWith("--name '../out': a run name is one folder name"), e.getMessage());
    }

    @Test
    void aNodeWithoutARunRoleNeedsNoCache() {
        JsonObject scorer = config("explain", "score").put("cache", dir.resolve("not-here").toString())
            .put("example-ctx-len", 7);
        assertEquals(null, RunPlans.fromConfig(scorer, false).plan());
    }
}
