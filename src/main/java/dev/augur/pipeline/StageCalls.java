package dev.augur.pipeline;

import io.vertx.core.Future;

/**
 * How a latent's flow reaches the stages: one request to an address, answered by a message of
 * the expected type or failed with a {@link StageClient.StageException}. {@link StageClient} is
 * the event-bus implementation; tests give the flow a fake.
 */
interface StageCalls {
    /**
     * @param timeoutMs the request's deadline
     * @param localOnly whether only this node's handler may serve it
     */
    <T extends PipelineMessage> Future<T> ask(String address, PipelineMessage message, long timeoutMs,
                                              boolean localOnly, Class<T> type);
}
