package dev.augur.pipeline;

import dev.augur.llm.ChatRequest;
import dev.augur.llm.ChatResponse;
import dev.augur.llm.CompletionRequest;
import dev.augur.llm.CompletionResponse;
import dev.augur.llm.EndpointUsage;
import dev.augur.llm.LlmConfig;
import dev.augur.llm.LlmClient;
import dev.augur.llm.LlmClientView;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * One node's Prometheus metrics: latents completed and failed, records built, latents written,
 * latents in flight, stage queues, request retries, LLM prompts sent and failed per scorer
 * (and for the explainer), and each LLM endpoint's requests, failures, outstanding requests and
 * rotation. Served on {@code node.metricsPort} at {@code /metrics}.
 */
public final class PipelineMetrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Counter completed = Counter.builder("augur_latents_completed").register(registry);
    private final Counter failed = Counter.builder("augur_latents_failed").register(registry);
    private final Counter built = Counter.builder("augur_records_built").register(registry);
    private final Counter written = Counter.builder("augur_latents_written").register(registry);

    PipelineMetrics() {
        Gauge.builder("augur_latents_in_flight", inFlight, AtomicInteger::get)
            .description("latents between record building and their written result").register(registry);
    }

    /** Prompts this node has sent to its LLM, over every stage. */
    double promptsSent() {
        return registry.find("augur_llm_prompts_sent").counters().stream().mapToDouble(Counter::count).sum();
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    AtomicInteger inFlight() {
        return inFlight;
    }

    void latentDone(boolean ok) {
        (ok ? completed : failed).increment();
    }

    void recordBuilt() {
        built.increment();
    }

    void written() {
        written.increment();
    }

    void retried(String address) {
        registry.counter("augur_stage_retries", "address", address).increment();
    }

    /** A stage answered "busy" (its queue full, or its node shutting down): asked again later or elsewhere. */
    void busy(String address) {
        registry.counter("augur_stage_busy", "address", address).increment();
    }

    /** A cluster request sent again because its node left, went silent or ran past its deadline. */
    void resent(String reason) {
        registry.counter("augur_requests_resent", "reason", reason).increment();
    }

    /** Requests this node sent again, for every reason. */
    long resentTotal() {
        return (long) registry.find("augur_requests_resent").counters().stream()
            .mapToDouble(Counter::count).sum();
    }

    /**
     * The node's LLM endpoints: the circuit (1 while every endpoint is down and prompts wait) and,
     * for each base URL of {@code config} (none when null), its requests, failed attempts,
     * requests outstanding and whether it is out of rotation.
     */
    void llmCircuit(Supplier<LlmClient> client, LlmConfig config) {
        if (config != null) {
            for (int i = 0; i < config.baseUrls().size(); i++) {
                llmEndpoint(client, i, config.baseUrls().get(i));
            }
        }
        Gauge.builder("augur_llm_circuit_open", () -> {
            LlmClient c = client.get();
            return c != null && c.endpointDown() ? 1 : 0;
        }).description("1 while this node's LLM endpoint is unreachable and prompts wait for it").register(registry);
        Gauge.builder("augur_llm_circuit_openings", () -> {
            LlmClient c = client.get();
            return c == null ? 0 : c.usage().circuitOpenings();
        }).description("times this node's LLM endpoint was found unreachable").register(registry);
    }

    /** Meters of the {@code index}-th endpoint; held by this object (Micrometer keeps a weak reference). */
    private void llmEndpoint(Supplier<LlmClient> client, int index, String url) {
        FunctionCounter.builder("augur_llm_endpoint_requests", this,
                m -> endpoint(client, index, EndpointUsage::requests))
            .tag("endpoint", url).description("HTTP attempts sent to this LLM endpoint").register(registry);
        FunctionCounter.builder("augur_llm_endpoint_failures", this,
                m -> endpoint(client, index, EndpointUsage::failures))
            .tag("endpoint", url).description("attempts that got no usable answer from this LLM endpoint")
            .register(registry);
        Gauge.builder("augur_llm_endpoint_outstanding", this, m -> endpoint(client, index, EndpointUsage::outstanding))
            .tag("endpoint", url).description("attempts in flight at this LLM endpoint").register(registry);
        Gauge.builder("augur_llm_endpoint_down", this, m -> endpoint(client, index, e -> e.down() ? 1 : 0))
            .tag("endpoint", url).description("1 while this LLM endpoint is out of rotation (probed until it answers)")
            .register(registry);
    }

    private static double endpoint(Supplier<LlmClient> client, int index, ToDoubleFunction<EndpointUsage> value) {
        LlmClient c = client.get();
        List<EndpointUsage> all = c == null ? List.of() : c.usage().endpoints();
        return index < all.size() ? value.applyAsDouble(all.get(index)) : 0;
    }

    void stageQueue(String address, AtomicInteger held) {
        Gauge.builder("augur_stage_requests_held", held, AtomicInteger::get).tag("address", address)
            .register(registry);
    }

    /** The client as one stage sees it: same server and limits, its prompts counted apart. */
    LlmClient counting(LlmClient client, String stage) {
        Counter sent = registry.counter("augur_llm_prompts_sent", "stage", stage);
        Counter bad = registry.counter("augur_llm_prompts_failed", "stage", stage);
        // an estimate answers each stage its own way
        LlmClient base = client instanceof EstimatingClient e ? e.forStage(stage) : client;
        return new LlmClientView(base) {
            @Override
            public Future<ChatResponse> chat(ChatRequest request) {
                sent.increment();
                return super.chat(request).onFailure(e -> bad.increment());
            }

            @Override
            public Future<CompletionResponse> complete(CompletionRequest request) {
                sent.increment();
                return super.complete(request).onFailure(e -> bad.increment());
            }
        };
    }
}
