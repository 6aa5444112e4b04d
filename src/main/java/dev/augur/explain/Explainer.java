package dev.augur.explain;

import dev.augur.record.LatentRecord;
import dev.augur.tokenizer.TokenDecoder;
import io.vertx.core.Future;

/**
 * Produces a latent's explanation: from an LLM, or loaded from files. A missing explanation is
 * a failed future with {@link MissingExplanationException}, counted by the caller, not a crash.
 */
public interface Explainer {
    Future<Explanation> explain(LatentRecord record, TokenDecoder decoder);
}
