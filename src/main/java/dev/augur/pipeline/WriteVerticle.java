package dev.augur.pipeline;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

/** Write stage (worker, node-local): explanations, score files and completion records. */
final class WriteVerticle extends VerticleBase {
    private final NodeConfig node;

    WriteVerticle(NodeConfig node) {
        this.node = node;
    }

    @Override
    public Future<?> start() {
        PipelineMetrics metrics = NodeResources.of(vertx).metrics();
        return Stages.serve(vertx, Addresses.WRITE, false, node.stageQueue(), metrics, (m, held) -> {
            if (m instanceof PipelineMessage.WriteExplanation e) {
                return Future.succeededFuture(new PipelineMessage.ExplanationOnDisk(LatentOutputs.writeExplanation(e)));
            }
            boolean wrote = m instanceof PipelineMessage.WriteResult r
                ? LatentOutputs.writeResult(r.layout(), r.result(), r.overwrite())
                : LatentOutputs.writeScore((PipelineMessage.WriteScore) m);
            if (wrote && m instanceof PipelineMessage.WriteResult) {
                metrics.written();
            }
            return Future.succeededFuture(new PipelineMessage.Written(wrote));
        });
    }
}
