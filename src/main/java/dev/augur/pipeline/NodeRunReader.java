package dev.augur.pipeline;

import dev.augur.config.RunPlan;
import dev.augur.AugurException;
import dev.augur.llm.LlmConfig;
import io.vertx.core.json.JsonObject;
import java.util.ServiceLoader;

/**
 * Reads a node's JSON config into the run's typed plan and LLM settings, with the same keys,
 * defaults and checks as {@code augur run --conf}. The command line provides it
 * ({@code dev.augur.cli.RunPlans}, registered in {@code META-INF/services}), so the pipeline
 * needs no compile-time link to the layer above it.
 */
public interface NodeRunReader {
    /** The run (null for a node that needs none) and the LLM settings (null: none). */
    record Settings(RunPlan plan, LlmConfig llm) {
    }

    /**
     * @param needsRun the node has a role that needs the run's settings (and its cache)
     * @throws AugurException for a config the node cannot run (one line)
     */
    Settings read(JsonObject config, boolean needsRun);

    /** The reader on the class path. */
    static NodeRunReader load() {
        return ServiceLoader.load(NodeRunReader.class, NodeRunReader.class.getClassLoader()).findFirst()
            .orElseThrow(() -> new AugurException("no reader of node configs on the class path "
                + "(dev.augur.cli.RunPlans, in the augur jar)"));
    }
}
