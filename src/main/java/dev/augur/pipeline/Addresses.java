package dev.augur.pipeline;

import dev.augur.config.LocalStages;

/**
 * The event-bus addresses of the pipeline, in the order a latent travels them. All messages
 * are {@link PipelineMessage}s with the {@link AugurCodec}; every request is request-reply.
 * Cluster requests carry the headers of {@link HeldRequests} (the sender's request id and
 * progress address): the node that takes one acknowledges it and keeps it alive there with
 * {@link PipelineMessage.KeepAlive}s, so the sender re-sends it when that node leaves, goes
 * silent or overruns its work's deadline ({@link RequestTracker}). A stage that holds
 * {@code node.stageQueue} requests, or whose node shuts down, answers {@link #BUSY} at once so
 * the sender tries again (another node, or later).
 *
 * <pre>
 * address          scope    request            reply          failure codes
 * augur.dataset    node     LoadUnit           UnitLoaded     500
 * augur.construct  node     Construct          Constructed    500
 * augur.sample     node     Sample             Sampled        500
 * augur.explain    cluster  Explain            Explained      400, 500, 503
 *                  (LLM explainers; only nodes with an LLM listen)
 * augur.explain.files  node  Explain           Explained      404 no explanation, 400, 500, 503
 * augur.score.&lt;scorer&gt;  cluster  Score      Scored         400, 500, 503
 *                  (one address per scorer, e.g. augur.score.detection; a node listens for
 *                  the LLM scorers only when it has an LLM, so work goes to nodes that can do it)
 * augur.write      node     WriteExplanation   ExplanationOnDisk  500
 *                           WriteScore         Written        500
 *                           WriteResult        Written        500
 * augur.finished   cluster  (published) the run folder, once a coordinator saw the run done
 * augur.progress.&lt;node id&gt;  cluster  KeepAlive (sent, no reply): the requests a node holds for this node
 * </pre>
 */
public final class Addresses {
    public static final String DATASET = "augur.dataset";
    public static final String CONSTRUCT = "augur.construct";
    public static final String SAMPLE = "augur.sample";
    public static final String EXPLAIN = "augur.explain";
    /** The prefix of the per-scorer addresses: see {@link #score}. */
    public static final String SCORE = "augur.score";
    /** Explanations read from files: node-local (the files are on the coordinator's node). */
    public static final String EXPLAIN_FILES = "augur.explain.files";
    public static final String WRITE = "augur.write";
    /** The Java API's own explainer ({@link LocalStages}): node-local, the caller's process. */
    public static final String EXPLAIN_LOCAL = "augur.explain.local";
    /** The prefix of the Java API's own scorers' addresses: node-local, see {@link #localScore}. */
    public static final String SCORE_LOCAL = "augur.score.local";
    /** Published (a String: the run folder) when a coordinator has written the run's report. */
    public static final String FINISHED = "augur.finished";

    /** The address of one of the caller's own scorers: {@code augur.score.local.<name>}. */
    public static String localScore(String name) {
        return SCORE_LOCAL + "." + name;
    }

    /** The address of one scorer: {@code augur.score.<scorer folder>}. */
    public static String score(dev.augur.score.ScorerKind kind) {
        return SCORE + "." + kind.folder();
    }

    /** Failure code: the message could not be read (a codec error); not retried. */
    public static final int MALFORMED = 400;
    /** Failure code: the explanation does not exist (a counted miss, as in augur run). */
    public static final int NO_EXPLANATION = 404;
    /** Failure code: the stage failed on this message; not retried. */
    public static final int FAILED = 500;
    /** Failure code: the stage's queue is full or its node is shutting down; the sender retries. */
    public static final int BUSY = 503;

    private Addresses() {
    }
}
