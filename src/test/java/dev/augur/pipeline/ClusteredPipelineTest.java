package dev.augur.pipeline;

/** The pipeline run test on two Hazelcast-clustered nodes on 127.0.0.1. */
class ClusteredPipelineTest extends PipelineRunTestBase {
    @Override
    boolean clustered() {
        return true;
    }
}
