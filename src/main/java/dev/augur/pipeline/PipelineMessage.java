package dev.augur.pipeline;

import dev.augur.config.ExplainSpec;
import dev.augur.config.LocalStages;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.augur.construct.ConstructionBatch;
import dev.augur.construct.LatentExamples;
import dev.augur.metrics.ScoreSample;
import dev.augur.record.LatentRecord;
import dev.augur.record.RecordUnits;
import dev.augur.run.LatentResult;
import dev.augur.run.StageUsage;
import dev.augur.runfolder.RunLayout;
import dev.augur.score.ScorerKind;
import dev.augur.score.ScorerSettings;
import java.util.List;

/**
 * Every message of the actor pipeline, one sealed family with one codec ({@link AugurCodec}).
 * Messages marked {@link Local} hold mapped tensors or whole records and only ever go to a
 * consumer on the same node (passed as the object itself); the others are small and travel
 * across the cluster in CBOR. Addresses and who answers what: see {@link Addresses}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "t")
@JsonSubTypes({
    @JsonSubTypes.Type(value = PipelineMessage.Explain.class, name = "explain"),
    @JsonSubTypes.Type(value = PipelineMessage.Explained.class, name = "explained"),
    @JsonSubTypes.Type(value = PipelineMessage.Score.class, name = "score"),
    @JsonSubTypes.Type(value = PipelineMessage.Scored.class, name = "scored"),
    @JsonSubTypes.Type(value = PipelineMessage.KeepAlive.class, name = "keepalive"),
    @JsonSubTypes.Type(value = PipelineMessage.Malformed.class, name = "malformed")})
public sealed interface PipelineMessage {
    /** A message that must not leave its node. */
    sealed interface Local extends PipelineMessage {
    }

    /** To the dataset stage: map the unit's split. Answered with {@link UnitLoaded}. */
    record LoadUnit(RecordUnits.Unit unit) implements Local {
    }

    record UnitLoaded(RecordUnits.Loaded loaded) implements Local {
    }

    /** To the construct stage. Answered with {@link Constructed}. */
    record Construct(ConstructionBatch batch) implements Local {
    }

    record Constructed(List<LatentExamples> examples) implements Local {
    }

    /** To the sample stage. Answered with {@link Sampled}: records and their wire forms. */
    record Sample(List<LatentExamples> examples) implements Local {
    }

    record Sampled(List<LatentRecord> records, List<WireRecord> wire) implements Local {
    }

    /**
     * To the write stage: a latent's explanation, written before it is scored; unless
     * overwriting, an explanation already on disk (another coordinator's) stays. Answered with
     * {@link ExplanationOnDisk}.
     */
    record WriteExplanation(RunLayout layout, String latent, String text, boolean overwrite) implements Local {
    }

    /** The explanation the latent has on disk after the write: the one to score with. */
    record ExplanationOnDisk(String text) implements Local {
    }

    /** To the write stage: one scorer's file for a latent, as soon as it is scored. */
    record WriteScore(RunLayout layout, String latent, String scorer, List<ScoreSample> samples,
                      boolean overwrite) implements Local {
    }

    /** To the write stage: a latent's completion record once every scorer is written, exactly once. */
    record WriteResult(RunLayout layout, LatentResult result, boolean overwrite) implements Local {
    }

    /** The write stage's answer to scores and results: whether this call wrote the files (false: already written). */
    record Written(boolean wrote) implements Local {
    }

    /**
     * To one of the caller's own scorers ({@link LocalStages}) on this node, by name. Answered
     * with {@link Scored}.
     */
    record ScoreLocal(String scorer, WireRecord record, String explanation, boolean explanationParsed)
        implements Local {
    }

    /** To an explain node. Answered with {@link Explained}. */
    record Explain(ExplainSpec spec, WireRecord record) implements PipelineMessage {
    }

    /** @param usage what its prompts cost (null: none sent, e.g. read from a file) */
    record Explained(String text, boolean parsed, String source, StageUsage usage) implements PipelineMessage {
        Explained(String text, boolean parsed, String source) {
            this(text, parsed, source, null);
        }
    }

    /** To a score node: one scorer on one latent. Answered with {@link Scored}. */
    record Score(ScorerKind scorer, ScorerSettings settings, WireRecord record, String explanation,
                 boolean explanationParsed) implements PipelineMessage {
    }

    /** @param usage what its prompts cost (null: none sent, e.g. the embedding scorer) */
    record Scored(List<ScoreSample> samples, StageUsage usage) implements PipelineMessage {
        Scored(List<ScoreSample> samples) {
            this(samples, null);
        }
    }

    /**
     * From a node to a sender's progress address (see {@link RequestTracker}): the sender's
     * requests this node holds, each with the milliseconds its work may still take (a budget
     * that stands still while the node's LLM endpoint is down). The first one for a request is
     * its acknowledgement: it names the node that took it.
     */
    record KeepAlive(String node, List<Long> requests, List<Long> budgetsMs) implements PipelineMessage {
    }

    /** What a node received when the bytes were not a message it could read. */
    record Malformed(String reason) implements PipelineMessage {
    }
}
