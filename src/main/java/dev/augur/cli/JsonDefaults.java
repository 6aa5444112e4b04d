package dev.augur.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.augur.AugurException;
import dev.augur.text.Quoted;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code --conf FILE}: a JSON object whose keys are flag names without the dashes
 * ({@code "llm-base-url": "..."}); nested objects are merged in (so a file can group settings)
 * and keys starting with {@code _} are comments. A setting given twice (in one object or in two
 * groups) is an error, never a silent last-one-wins. The file supplies defaults: flags on the
 * command line override it. A top-level {@code node} object holds the settings of a cluster
 * node ({@code vertx run}, see {@code NodeConfig}) and is not a flag.
 */
final class JsonDefaults implements CommandLine.IDefaultValueProvider {
    private final Path file;
    private final Map<String, String> values;

    private JsonDefaults(Path file, Map<String, String> values) {
        this.file = file;
        this.values = values;
    }

    /** The --conf file named in the arguments, or null. */
    static Path confArgument(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--conf") && i + 1 < args.length) {
                return Path.of(args[i + 1]);
            }
            if (args[i].startsWith("--conf=")) {
                return Path.of(args[i].substring("--conf=".length()));
            }
        }
        return null;
    }

    static JsonDefaults read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new AugurException("--conf " + file + ": no such file");
        }
        JsonNode root;
        try {
            root = new ObjectMapper().enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .readTree(file.toFile());
        } catch (IOException e) {
            throw new AugurException("--conf " + file + ": not valid JSON: "
                + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
        }
        if (root == null || !root.isObject()) {
            throw new AugurException("--conf " + file + ": expected a JSON object of flag names");
        }
        return of(file, root);
    }

    /** Defaults from a JSON object already read (a node's config); {@code label} names it in errors. */
    static JsonDefaults of(Path label, JsonNode root) {
        Map<String, String> values = new LinkedHashMap<>();
        com.fasterxml.jackson.databind.node.ObjectNode copy = ((com.fasterxml.jackson.databind.node.ObjectNode) root).deepCopy();
        copy.remove("node");
        flatten(label, copy, "", values, new LinkedHashMap<>());
        return new JsonDefaults(label, values);
    }

    /** @param where each setting's place in the file (its group path), to name both places of a repeat */
    private static void flatten(Path file, JsonNode node, String path, Map<String, String> out,
                                Map<String, String> where) {
        node.fields().forEachRemaining(e -> {
            String key = e.getKey();
            JsonNode v = e.getValue();
            if (key.startsWith("_")) {
                return;
            }
            if (v.isObject()) {
                flatten(file, v, path + key + ".", out, where);
                return;
            }
            String before = where.putIfAbsent(key, path + key);
            if (before != null) {
                throw new AugurException("--conf " + file + ": the setting " + Quoted.escape(key) + " is given twice ("
                    + Quoted.escape(before) + " and " + Quoted.escape(path + key) + "); give it once");
            }
            if (v.isArray()) {
                out.put(key, StreamSupport.stream(v.spliterator(), false).map(JsonNode::asText)
                    .collect(Collectors.joining(",")));
            } else if (!v.isNull()) {
                out.put(key, v.asText());
            }
        });
    }

    /** Every key must be a flag of the command, so a typo is an error, not a silent default. */
    void checkKeys(CommandLine.Model.CommandSpec spec) {
        List<String> unknown = values.keySet().stream()
            .filter(k -> spec.findOption("--" + k) == null).map(Quoted::escape).toList();
        if (!unknown.isEmpty()) {
            throw new AugurException("--conf " + file + ": unknown setting(s) " + unknown
                + " (keys are the flags of 'augur " + spec.name() + "' without the dashes)");
        }
    }

    @Override
    public String defaultValue(ArgSpec arg) {
        if (arg instanceof OptionSpec o) {
            return values.get(o.longestName().replaceFirst("^--", ""));
        }
        return null;
    }
}
