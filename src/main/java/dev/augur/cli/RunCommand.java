package dev.augur.cli;

import dev.augur.config.ComputedNeighbours;
import dev.augur.AugurException;
import dev.augur.demo.DemoCache;
import dev.augur.explain.ExplainerVariant;
import dev.augur.llm.LlmConfig;
import dev.augur.config.Budget;
import dev.augur.pipeline.CostEstimate;
import dev.augur.config.ExplainSpec;
import dev.augur.pipeline.LocalEstimate;
import dev.augur.pipeline.LocalRun;
import dev.augur.config.LocalStages;
import dev.augur.config.RunPlan;
import dev.augur.serve.ServeSettings;
import dev.augur.prompt.PromptTemplates;
import dev.augur.run.LatentResult;
import dev.augur.run.RunFiles;
import dev.augur.runfolder.RunLayout;
import dev.augur.score.ScorerKind;
import dev.augur.score.ScorerSettings;
import dev.augur.tokenizer.TokenizerLocator;
import io.vertx.core.Vertx;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/** {@code augur run}: cache -> records -> explain (or load) -> scorers -> files -> report. */
@Command(name = "run", mixinStandardHelpOptions = true, abbreviateSynopsis = true,
    description = "Explain and score latents end to end against an OpenAI-compatible server.",
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {"0:every selected latent was processed (scored, already done, or skipped as dead or too rare)",
        "1:internal error (AUGUR_DEBUG=1 prints the stack trace)",
        "2:bad input: one line names the flag or file; checked before the run folder is made, nothing written",
        "3:some selected latents failed or had no explanation; a line on stderr says how many (see run_stats.json)",
        "4:stopped at its budget (--budget-tokens, --budget-usd): latents in flight finished, run_stats.json and "
            + "the report were written; a line on stderr says what was spent and how many latents were not "
            + "started; the same command with a larger budget resumes"})
final class RunCommand implements Callable<Integer> {
    @Mixin
    RecordOptions records;

    @Mixin
    LlmOptions llm;

    @HelpGroup.In(HelpGroup.RUN)
    @Option(names = "--results", defaultValue = "results", paramLabel = "DIR",
        description = "folder that holds the run folders (default: ${DEFAULT-VALUE})")
    Path results;

    @HelpGroup.In(HelpGroup.RUN)
    @Option(names = "--name", defaultValue = "run", paramLabel = "RUN",
        description = "run folder under --results: one folder name, printable, no '/', not '.' or '..' "
            + "(default: ${DEFAULT-VALUE})")
    String name;

    @HelpGroup.In(HelpGroup.SCORING)
    @Option(names = "--explainer", defaultValue = "default", paramLabel = "VARIANT",
        converter = Converters.ToExplainerVariant.class,
        description = "default | contrastive | single-token | none (load explanations) | random "
            + "(another latent's, the control) (default: ${DEFAULT-VALUE})")
    ExplainerVariant explainer;

    @HelpGroup.In(HelpGroup.SCORING)
    @Option(names = "--explanations", paramLabel = "DIR",
        description = "where none and random read explanations; must exist (default: the run's explanations/)")
    Path explanations;

    @HelpGroup.In(HelpGroup.SCORING)
    @Option(names = "--show-activations",
        description = "list token activations in the explainer prompt (default: off)")
    boolean showActivations;

    @HelpGroup.In(HelpGroup.SCORING)
    @Option(names = "--chain-of-thought", description = "ask the explainer to reason step by step (default: off)")
    boolean chainOfThought;

    @HelpGroup.In(HelpGroup.SCORING)
    @Option(names = "--scorers", defaultValue = "fuzz,detection", paramLabel = "LIST",
        description = "comma-separated: fuzz, detection, intruder, simulation, embedding (no LLM), "
            + "example-embedding (no LLM), surprisal (completions endpoint with prompt log-probabilities) "
            + "(default: ${DEFAULT-VALUE})")
    String scorers;

    @HelpGroup.In(HelpGroup.SCORING)
    @Option(names = "--fuzz-type", defaultValue = "default", paramLabel = "TYPE",
        converter = Converters.ToFuzzType.class,
        description = "default | active (negatives are test examples with wrong marks) "
            + "(default: ${DEFAULT-VALUE})")
    ScorerSettings.FuzzType fuzzType;

    @HelpGroup.In(HelpGroup.SCORING)
    @Option(names = "--n-examples-shown", paramLabel = "N",
        defaultValue = "" + ScorerSettings.DEFAULT_N_EXAMPLES_SHOWN,
        description = "examples per scorer prompt (default: ${DEFAULT-VALUE})")
    int nExamplesShown;

    @HelpGroup.In(HelpGroup.SCORING)
    @Option(names = "--prompts", paramLabel = "DIR",
        description = "folder of prompt templates ('augur prompts --export DIR' writes them all); each "
            + "one found there replaces the shipped one, the others stay shipped (default: none)")
    Path prompts;

    @HelpGroup.In(HelpGroup.SCORING)
    @Option(names = "--log-probs", description = "ask for log-probabilities, which give the AUC (default: off)")
    boolean logProbs;

    @HelpGroup.In(HelpGroup.RUN)
    @Option(names = "--max-latents-in-flight", paramLabel = "N",
        defaultValue = "" + RunPlan.DEFAULT_MAX_LATENTS_IN_FLIGHT,
        description = "latents being explained and scored at once at most (default: ${DEFAULT-VALUE})")
    int maxLatentsInFlight;

    @HelpGroup.In(HelpGroup.RUN)
    @Option(names = "--overwrite", description = "redo latents whose outputs exist; without it a run resumes (default: off)")
    boolean overwrite;

    @HelpGroup.In(HelpGroup.RUN)
    @Option(names = "--conf", paramLabel = "FILE",
        description = "JSON defaults, keys are these flags without dashes (see conf/run.json); flags "
            + "override it (default: none)")
    Path conf;

    @HelpGroup.In(HelpGroup.RUN)
    @Option(names = "--demo", description = "run on the shipped demo cache: true explanations against "
        + "the random control (embedding scorer, or the LLM scorers with --llm-base-url) (default: off)")
    boolean demo;

    @HelpGroup.In(HelpGroup.RUN)
    @Option(names = "--serve", paramLabel = "PORT",
        description = "serve the live dashboard on this port while the run goes (0: any free port; "
            + "see also --serve-host) (default: off)")
    Integer servePort;

    @Mixin
    ServeOptions serve;

    @HelpGroup.In(HelpGroup.RUN)
    @Option(names = "--estimate", description = "build every record and prompt as the run would, send "
        + "nothing, write nothing, and print requests, prompt and expected completion tokens (and cost "
        + "with prices) per stage (default: off)")
    boolean estimate;

    @HelpGroup.In(HelpGroup.RUN)
    @Option(names = "--price-input", paramLabel = "USD",
        description = "price of a million prompt tokens, for --estimate, --budget-usd and the dashboard's cost (default: none)")
    Double priceInput;

    @HelpGroup.In(HelpGroup.RUN)
    @Option(names = "--price-output", paramLabel = "USD",
        description = "price of a million completion tokens, for --estimate, --budget-usd and the dashboard's cost (default: none)")
    Double priceOutput;

    @HelpGroup.In(HelpGroup.RUN)
    @Option(names = "--budget-tokens", paramLabel = "N",
        description = "LLM tokens (prompt + completion) this invocation may spend: no latent is started "
            + "that would cross it, those in flight finish, exit status 4 (default: no bound)")
    Long budgetTokens;

    @HelpGroup.In(HelpGroup.RUN)
    @Option(names = "--budget-usd", paramLabel = "X",
        description = "as --budget-tokens, in US dollars at --price-input and --price-output, which it "
            + "needs (default: no bound)")
    Double budgetUsd;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (conf != null) {
            JsonDefaults.read(conf).checkKeys(spec);
        }
        CostEstimate.Prices prices = prices();
        new Budget(budgetTokens, budgetUsd, priceInput, priceOutput); // checked before anything is written
        if (estimate) {
            return estimate(prices);
        }
        if (demo) {
            return runDemo();
        }
        return exitStatus(List.of(runOnce(explainer, explanations, name,
            ScorerKind.parseList(scorers))));
    }

    private CostEstimate.Prices prices() {
        for (Object[] p : new Object[][] {{"--price-input", priceInput}, {"--price-output", priceOutput}}) {
            Double v = (Double) p[1];
            if (v != null && (v.isNaN() || v.isInfinite() || v < 0)) {
                throw new AugurException(p[0] + ": must be a price of at least 0 (USD per million tokens), got " + v);
            }
        }
        if ((priceInput == null) != (priceOutput == null)) {
            throw new AugurException("--price-input and --price-output go together");
        }
        return priceInput == null ? CostEstimate.Prices.UNKNOWN : new CostEstimate.Prices(priceInput, priceOutput);
    }

    /**
     * {@code --estimate}: the run's plan through the run's engine with a client that sends
     * nothing (files in a temporary folder, deleted); prints the table, exit 0.
     */
    private int estimate(CostEstimate.Prices prices) {
        if (demo) {
            throw new AugurException("--estimate does not go with --demo");
        }
        RunPlan plan = plan(explainer, explanations, name, ScorerKind.parseList(scorers))
            .withBudget(Budget.NONE); // the estimate's run, which sends nothing, is never stopped
        RunPreflight.check(plan, explanations, System.getenv());
        Vertx vertx = Vertx.vertx();
        CostEstimate result;
        try (ComputedNeighbours.Scratch scratch = new ComputedNeighbours.Scratch(plan.records())) {
            // an estimate writes nothing: computed neighbours go in a throwaway folder
            plan = plan.withRecords(ComputedNeighbours.prepare(plan.cache(), plan.records(), scratch.dir(),
                spec.commandLine().getErr()));
            result = LocalEstimate.run(vertx, plan, plan.tokenizer());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } finally {
            vertx.close().await();
        }
        result.print(spec.commandLine().getOut(), prices);
        return 0;
    }

    /**
     * 0 when every selected latent was processed; else a line for each run that stopped at its
     * budget (4) or did not process some latents (3, when no run stopped at its budget).
     */
    private int exitStatus(List<RunOutcome> outcomes) {
        long unprocessed = outcomes.stream().mapToLong(RunOutcome::unprocessed).sum();
        boolean budget = outcomes.stream().anyMatch(o -> o.budgetReached() != null);
        if (unprocessed == 0 && !budget) {
            return 0;
        }
        PrintWriter err = spec.commandLine().getErr();
        outcomes.stream().filter(o -> o.budgetReached() != null).forEach(o -> err.println(o.budgetLine()));
        outcomes.stream().filter(o -> o.unprocessed() > 0).forEach(o -> err.println(o.failureLine()));
        err.flush();
        return budget ? Augur.EXIT_BUDGET : Augur.EXIT_FAILED_LATENTS;
    }

    /**
     * The embedded demo: the shipped cache, scored with its true explanations and then with the
     * random-explanation control, side by side (embedding scorer, or the LLM scorers when a
     * server is given).
     */
    private int runDemo() throws Exception {
        Path dir = DemoCache.extract(DemoCache.cacheRoot());
        CommandLine.ParseResult given = spec.commandLine().getParseResult();
        records.cache = dir.resolve("latents");
        records.tokenizer = dir.resolve("gpt2-tokenizer.json");
        if (!given.hasMatchedOption("--min-examples")) {
            records.minExamples = DemoCache.MIN_EXAMPLES;
        }
        if (!given.hasMatchedOption("--example-ctx-len")) {
            records.exampleCtxLen = DemoCache.EXAMPLE_CTX_LEN;
        }
        List<ScorerKind> kinds = llm.config() == null || !given.hasMatchedOption("--scorers")
            ? (llm.config() == null ? List.of(ScorerKind.EMBEDDING) : ScorerKind.parseList(scorers))
            : ScorerKind.parseList(scorers);
        Path truth = dir.resolve("explanations");
        String base = given.hasMatchedOption("--name") ? name : "demo";
        RunOutcome real = runOnce(ExplainerVariant.NONE, truth, base, kinds);
        RunOutcome control = runOnce(ExplainerVariant.RANDOM, truth, base + "-control", kinds);
        DemoComparison.print(spec.commandLine().getOut(), real.metrics(), control.metrics());
        return exitStatus(List.of(real, control));
    }

    private RunOutcome runOnce(ExplainerVariant variant, Path explanations, String name,
                               List<ScorerKind> kinds) throws Exception {
        RunPlan plan = plan(variant, explanations, name, kinds);
        ServeSettings serving = servePort == null ? null : serve.settings(servePort, "--serve");
        long selected = RunPreflight.check(plan, explanations, System.getenv());
        plan = plan.withRecords(ComputedNeighbours.prepare(plan.cache(), plan.records(),
            plan.layout().dir().resolve("neighbours"), spec.commandLine().getErr()));
        LocalRun.resumeWarning(plan).ifPresent(w -> spec.commandLine().getErr().println("augur: warning: " + w));
        RunSession.Result r = RunSession.run(plan, selected, serving, prices(), spec.commandLine().getErr());
        RunSummary.print(r.outcome(), r.usage(), prices(), spec.commandLine().getOut(), spec.commandLine().getErr());
        RunFiles files = r.outcome().files();
        return new RunOutcome(plan.layout(), r.outcome().metrics(), selected, files.count(LatentResult.Status.FAILED),
            files.count(LatentResult.Status.NO_EXPLANATION),
            r.outcome().budgetReached() == null ? null : r.outcome().budgetReached().getMessage());
    }

    /** The run as the actor pipeline executes it, from this command's options. */
    RunPlan plan(ExplainerVariant variant, Path explanations, String name, List<ScorerKind> kinds) {
        RunPreflight.checkScorers(kinds);
        LlmConfig config = llm.config();
        if (config == null && (variant.usesLlm() || kinds.stream().anyMatch(ScorerKind::usesLlm))) {
            throw new AugurException("--explainer " + variant.cliName() + " and --scorers "
                + kinds.stream().map(ScorerKind::folder).collect(java.util.stream.Collectors.joining(","))
                + " ask an LLM: pass --llm-base-url and --model (only --explainer none|random with "
                + "--scorers embedding runs without one)");
        }
        Path tokenizer = TokenizerLocator.find(records.tokenizer, RunFiles.modelName(records.cache()),
            System.getenv()).orElseThrow(() -> new AugurException("augur run shows text to the "
            + "LLM and needs a tokenizer: pass --tokenizer tokenizer.json"));
        RunPreflight.checkRunName(name);
        RunLayout layout = RunLayout.of(results, name);
        PromptTemplates templates = prompts == null ? PromptTemplates.shipped() : PromptTemplates.fromFolder(prompts);
        ScorerSettings settings = new ScorerSettings(nExamplesShown, logProbs,
            fuzzType,
            config == null ? LlmConfig.DEFAULT_MAX_TOKENS : config.maxTokens(),
            config == null ? LlmConfig.DEFAULT_TEMPERATURE : config.temperature(), records.seed, templates);
        Path source = explanations != null ? explanations : layout.explanations();
        ExplainSpec explain = new ExplainSpec(variant, showActivations, chainOfThought,
            settings.maxTokens(), settings.temperature(), source.toString(), records.seed, templates);
        return new RunPlan(records.cache(), records.settings(), tokenizer, records.embeddingCache(),
            records.device, layout, overwrite, explain, variant.usesLlm() ? null : source, kinds,
            settings, maxLatentsInFlight, config, LocalStages.NONE,
            new Budget(budgetTokens, budgetUsd, priceInput, priceOutput));
    }
}
