package dev.augur.pipeline;

/** The pipeline run test on one Vert.x instance, not clustered. */
class SingleNodePipelineTest extends PipelineRunTestBase {
    @Override
    boolean clustered() {
        return false;
    }
}
