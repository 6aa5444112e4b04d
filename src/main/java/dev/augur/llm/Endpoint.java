package dev.augur.llm;

/**
 * One server of an {@link OpenAiClient}: where attempts go, its circuit (in or out of
 * rotation), its attempts in flight and its counters. Only touched on the client's context.
 */
final class Endpoint {
    final String chatUrl;
    final String completionsUrl;
    final EndpointCircuit circuit;
    final EndpointUsage usage;
    int inFlight;
    /** The attempt that is this endpoint's half-open probe (the client's job), or null. */
    Object probe;

    Endpoint(String baseUrl, EndpointCircuit circuit, EndpointUsage usage) {
        this.chatUrl = LlmConfig.chatCompletionsUrl(baseUrl);
        this.completionsUrl = baseUrl + "/completions";
        this.circuit = circuit;
        this.usage = usage;
    }

    @Override
    public String toString() {
        return chatUrl;
    }
}
