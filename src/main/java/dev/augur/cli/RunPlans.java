package dev.augur.cli;

import dev.augur.config.ComputedNeighbours;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.augur.AugurException;
import dev.augur.llm.LlmConfig;
import dev.augur.config.RunPlan;
import dev.augur.score.ScorerKind;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import picocli.CommandLine;

/**
 * A node's JSON config read as {@code augur run} reads {@code --conf}: the same keys (the
 * flags without dashes), the same defaults and checks, so one file serves both launchers.
 */
public final class RunPlans implements dev.augur.pipeline.NodeRunReader {
    /** The run (null for a node that does not need one) and the LLM settings (null: none). */
    public record Parsed(RunPlan plan, LlmConfig llm) {
    }

    /** For the service loader ({@link dev.augur.pipeline.NodeRunReader#load}). */
    public RunPlans() {
    }

    @Override
    public Settings read(JsonObject config, boolean needsRun) {
        Parsed p = fromConfig(config, needsRun);
        return new Settings(p.plan(), p.llm());
    }

    /**
     * The node's run and LLM settings. A run is checked as {@code augur run} checks its flags
     * before it writes anything ({@link RunPreflight#forNode}): a bad config fails the node's
     * deployment with one line.
     *
     * @param needsRun the node has a role that needs the run's settings (and its cache)
     */
    public static Parsed fromConfig(JsonObject config, boolean needsRun) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(config.encode());
        } catch (java.io.IOException e) {
            throw new AugurException("node config: not valid JSON: " + e.getMessage());
        }
        RunCommand command = new RunCommand();
        CommandLine cli = new CommandLine(command);
        JsonDefaults defaults = JsonDefaults.of(Path.of("-conf"), root);
        defaults.checkKeys(cli.getCommandSpec());
        cli.setDefaultValueProvider(defaults);
        try {
            cli.parseArgs();
        } catch (CommandLine.ParameterException e) {
            throw new AugurException("node config: " + (e.getCause() instanceof AugurException a ? a.getMessage()
                : e.getMessage()));
        }
        LlmConfig llm = command.llm.config();
        if (!needsRun) {
            return new Parsed(null, llm);
        }
        if (command.records.cache == null) {
            throw new AugurException("node config: a coordinator/dataset node needs \"cache\"");
        }
        RunPlan plan = command.plan(command.explainer, command.explanations,
            command.name, ScorerKind.parseList(command.scorers));
        RunPreflight.forNode(plan, command.explanations);
        // "neighbours-method": each node that reads the cache finds or computes <run>/neighbours/
        java.io.PrintWriter err = new java.io.PrintWriter(System.err, true);
        plan = plan.withRecords(ComputedNeighbours.prepare(plan.cache(), plan.records(),
            plan.layout().dir().resolve("neighbours"), err));
        return new Parsed(plan, llm);
    }
}
