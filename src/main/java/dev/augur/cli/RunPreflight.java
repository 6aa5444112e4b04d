package dev.augur.cli;

import dev.augur.AugurException;
import dev.augur.construct.ExampleConstructor;
import dev.augur.construct.ExampleConstructors;
import dev.augur.llm.LlmConfig;
import dev.augur.config.RunPlan;
import dev.augur.runfolder.RunLayout;
import dev.augur.score.ScorerKind;
import dev.augur.tokenizer.TokenDecoder;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * What {@code augur run} checks before it creates the run folder or sends a prompt, so that a
 * bad input is one line and exit 2 with nothing written: the run folder can be made, scorers
 * are named, explanations to read exist, a remote LLM has its key, the tokenizer opens, the
 * device exists, and everything {@code records} checks ({@link RecordsPreflight}). A cluster
 * node that reads the cache runs the same checks ({@link #forNode}) before it deploys.
 */
final class RunPreflight {
    private RunPreflight() {
    }

    /** Checks a run of {@code augur run}; returns how many latents it selects. */
    static long check(RunPlan plan, Path explanationsGiven, Map<String, String> env) {
        checkPlan(plan, explanationsGiven);
        checkApiKey(plan, env);
        long selected = RecordsPreflight.check(plan.cache(), plan.records());
        checkDevice(plan.device());
        return selected;
    }

    /**
     * Checks a cluster node's run before it deploys. Its key and device are its own business:
     * an explain/score role uses the key, and the node opens its device as it deploys.
     */
    static void forNode(RunPlan plan, Path explanationsGiven) {
        checkPlan(plan, explanationsGiven);
        RecordsPreflight.check(plan.cache(), plan.records());
    }

    private static void checkPlan(RunPlan plan, Path explanationsGiven) {
        checkRunFolder(plan.layout());
        checkExplanations(plan, explanationsGiven);
        checkTokenizer(plan.tokenizer());
    }

    static void checkScorers(java.util.List<ScorerKind> scorers) {
        if (scorers.isEmpty()) {
            throw new AugurException("--scorers: no scorer named (expected a comma list of fuzz, "
                + "detection, intruder, simulation, embedding, example-embedding, surprisal)");
        }
    }

    /**
     * A run name is one folder under --results: printable characters, no separator, not "."
     * or "..", so a run never writes outside its results folder.
     */
    static void checkRunName(String name) {
        boolean oneSegment = name != null && !name.isBlank() && !name.equals(".") && !name.equals("..")
            && name.indexOf('/') < 0 && name.indexOf('\\') < 0;
        if (!oneSegment || !name.codePoints().allMatch(RunPreflight::printable)) {
            throw new AugurException("--name '" + escape(name) + "': a run name is one folder name "
                + "under --results (printable characters, no '/' or '\\', not '.' or '..')");
        }
    }

    private static boolean printable(int cp) {
        int type = Character.getType(cp);
        return !Character.isISOControl(cp) && type != Character.LINE_SEPARATOR
            && type != Character.PARAGRAPH_SEPARATOR && type != Character.FORMAT
            && type != Character.UNASSIGNED && type != Character.SURROGATE;
    }

    /** The name as it can be shown on one line. */
    private static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        s.codePoints().forEach(cp -> {
            if (printable(cp)) {
                b.appendCodePoint(cp);
            } else {
                b.append(String.format(Locale.ROOT, "\\u%04x", cp));
            }
        });
        return b.toString();
    }

    /** The run folder, or the nearest folder above it that exists, must be a writable folder. */
    private static void checkRunFolder(RunLayout layout) {
        Path dir = layout.dir().toAbsolutePath().normalize();
        Path existing = dir;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return;
        }
        String results = "--results " + (layout.dir().getParent() == null ? "." : layout.dir().getParent());
        if (existing.equals(dir) && !Files.isDirectory(dir)) {
            throw new AugurException(results + ": the run folder " + dir + " is a file");
        }
        if (!Files.isDirectory(existing)) {
            throw new AugurException(results + ": " + existing + " is a file, not a folder");
        }
        if (!Files.isWritable(existing)) {
            throw new AugurException(results + ": cannot write in " + existing);
        }
    }

    private static void checkExplanations(RunPlan plan, Path given) {
        if (given != null && !Files.isDirectory(given)) {
            throw new AugurException("--explanations " + given + ": no such folder");
        }
        Path source = plan.explanationSource();
        if (source != null && !Files.isDirectory(source) && !plan.needsNoExplanation()) {
            throw new AugurException("--explainer " + plan.explain().variant().cliName() + " reads "
                + "explanations from " + source + ", which does not exist: pass --explanations DIR "
                + "(a folder of <latent>.txt files)");
        }
    }

    private static void checkTokenizer(Path tokenizer) {
        TokenDecoder.open(tokenizer).close();
    }

    /** A remote server without a key would answer 401 to every prompt; a local one needs none. */
    private static void checkApiKey(RunPlan plan, Map<String, String> env) {
        LlmConfig llm = plan.llm();
        boolean usesLlm = plan.explain().variant().usesLlm()
            || plan.scorers().stream().anyMatch(ScorerKind::usesLlm);
        if (llm == null || !usesLlm || llm.resolveApiKey(env).isPresent()) {
            return;
        }
        String remote = llm.baseUrls().stream().filter(u -> !isLoopback(u)).findFirst().orElse(null);
        if (remote == null) {
            return;
        }
        throw new AugurException("--api-key-env " + llm.apiKeyEnv() + ": the variable is not set and "
            + remote + " is not a local server: export " + llm.apiKeyEnv() + "=<key>, or name "
            + "the variable that holds the key with --api-key-env");
    }

    static boolean isLoopback(String url) {
        String host = URI.create(url).getHost();
        if (host == null) {
            return false;
        }
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("localhost") || h.endsWith(".localhost") || h.equals("[::1]") || h.equals("::1")
            || h.matches("127(\\.\\d{1,3}){3}");
    }

    /** cuda opens (and gives back) the device, so a missing one fails here; an unknown name too. */
    private static void checkDevice(dev.augur.construct.Device device) {
        if (device != dev.augur.construct.Device.CUDA) {
            return;
        }
        ExampleConstructor probe = ExampleConstructors.forDevice(device, line -> { });
        if (probe instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                // the run opens its own; this one only had to open
            }
        }
    }
}
