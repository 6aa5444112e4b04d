package dev.augur.pipeline;

import dev.augur.config.Budget;
import dev.augur.config.RunPlan;
import dev.augur.run.StageUsage;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.Counter;

/**
 * What a run's coordinators spent on the LLM, in Vert.x counters under the run's key:
 * cluster-wide when clustered, so every coordinator holds the run to one budget. The counters
 * live as long as the Vert.x instance (or the cluster): an {@code augur run} starts them at 0,
 * so a budget bounds what one invocation spends.
 */
final class RunSpending {
    private final Vertx vertx;
    private final String key;
    private final Budget budget;

    RunSpending(Vertx vertx, RunPlan plan) {
        this.vertx = vertx;
        this.key = plan.runKey();
        this.budget = plan.budget();
    }

    private Future<Counter> counter(String name) {
        return vertx.sharedData().getCounter(key + "." + name);
    }

    /** Counts one finished latent's usage (nothing when it sent no request). */
    Future<Void> add(StageUsage usage) {
        if (usage.totalTokens() == 0) {
            return Future.succeededFuture();
        }
        return Future.join(counter("spent-tokens").compose(c -> c.addAndGet(usage.totalTokens())),
            counter("spent-micro-usd").compose(c -> c.addAndGet(budget.microUsd(usage))),
            counter("spent-latents").compose(Counter::incrementAndGet)).mapEmpty();
    }

    Future<BudgetGate.Spent> read() {
        Future<Long> tokens = counter("spent-tokens").compose(Counter::get);
        Future<Long> micro = counter("spent-micro-usd").compose(Counter::get);
        Future<Long> latents = counter("spent-latents").compose(Counter::get);
        return Future.all(tokens, micro, latents)
            .map(x -> new BudgetGate.Spent(tokens.result(), micro.result(), latents.result()));
    }
}
