package dev.augur.score;

import dev.augur.AugurException;
import dev.augur.prompt.PromptTemplates;
import java.util.Locale;

/**
 * Settings shared by the scorers: examples per prompt, log-probabilities, the fuzzing variant,
 * the request sizes, the seed of the shuffles and the prompt templates (null: the shipped ones),
 * whose texts travel with every score request so that score nodes need no copy of the folder.
 */
public record ScorerSettings(int nExamplesShown, boolean logProbs, FuzzType fuzzType,
                             int maxTokens, double temperature, long seed, PromptTemplates prompts) {
    public static final int DEFAULT_N_EXAMPLES_SHOWN = 5;
    public static final int TOP_LOGPROBS = 5;

    /** default: negatives are non-activating windows; active: the test examples mis-marked. */
    public enum FuzzType {
        DEFAULT, ACTIVE;

        public static FuzzType parse(String s) {
            try {
                return valueOf(s.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new AugurException("--fuzz-type: '" + s + "' is not one of default, active");
            }
        }
    }

    public ScorerSettings {
        if (nExamplesShown < 1) {
            throw new AugurException("--n-examples-shown must be at least 1, got " + nExamplesShown);
        }
        prompts = prompts == null ? PromptTemplates.shipped() : prompts;
    }

    /** With the shipped prompt templates. */
    public ScorerSettings(int nExamplesShown, boolean logProbs, FuzzType fuzzType, int maxTokens,
                          double temperature, long seed) {
        this(nExamplesShown, logProbs, fuzzType, maxTokens, temperature, seed, PromptTemplates.shipped());
    }
}
