package dev.augur.llm;

/** What every answer of a server reports about its cost: the tokens it counted (0 when absent). */
public interface LlmAnswer {
    int promptTokens();

    int completionTokens();
}
