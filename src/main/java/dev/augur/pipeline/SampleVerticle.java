package dev.augur.pipeline;

import dev.augur.config.RunPlan;
import dev.augur.record.LatentRecord;
import dev.augur.record.RecordUnits;
import dev.augur.sample.Sampler;
import dev.augur.tokenizer.TokenDecoder;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.util.ArrayList;
import java.util.List;

/**
 * Sample stage (worker, node-local): train and test sets, and each record's wire form (its
 * windows' token texts decoded here, next to the tokenizer) for the cluster-wide stages.
 */
final class SampleVerticle extends VerticleBase {
    private final RunPlan plan;
    private final NodeConfig node;

    SampleVerticle(RunPlan plan, NodeConfig node) {
        this.plan = plan;
        this.node = node;
    }

    @Override
    public Future<?> start() {
        NodeResources resources = NodeResources.of(vertx);
        Sampler sampler = new Sampler(plan.records().sampler());
        TokenDecoder decoder;
        try {
            decoder = resources.decoder(plan.tokenizer());
        } catch (RuntimeException e) { // a bad tokenizer fails the deployment with its message
            return Future.failedFuture(e);
        }
        return Stages.serve(vertx, Addresses.SAMPLE, false, node.stageQueue(), resources.metrics(), (m, held) -> {
            List<LatentRecord> records = RecordUnits.sample(sampler,
                ((PipelineMessage.Sample) m).examples(), plan.generatesExplanations());
            List<WireRecord> wire = new ArrayList<>(records.size());
            for (LatentRecord r : records) {
                wire.add(r.isSkipped() ? null : WireRecord.of(r, decoder));
                if (!r.isSkipped()) {
                    resources.metrics().recordBuilt();
                }
            }
            return Future.succeededFuture(new PipelineMessage.Sampled(records, wire));
        });
    }
}
