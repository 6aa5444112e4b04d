package dev.augur.score;

import dev.augur.explain.Explanation;
import dev.augur.record.LatentRecord;
import dev.augur.tokenizer.TokenDecoder;

/** What a scorer needs: the latent's record, its explanation and the token decoder. */
public record ScoreInput(LatentRecord record, Explanation explanation, TokenDecoder decoder) {
}
