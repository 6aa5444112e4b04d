package dev.augur.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augur.testing.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * The command line explains itself (issue 12, item 5): every option says what it does and its
 * default, {@code augur run --help} lists options under headings, and the README's flag tables
 * agree with the help so the two cannot drift.
 */
class CliHelpTest {
    /** The end of every option's description: its default, or that it is required. */
    private static final Pattern SHOWN_DEFAULT = Pattern.compile("\\((default: (.+)|required[^)]*)\\)$");

    private static Map<String, CommandSpec> subcommands() {
        Map<String, CommandSpec> out = new TreeMap<>();
        Augur.commandLine().getSubcommands()
            .forEach((name, cli) -> out.put(name, cli.getCommandSpec()));
        return out;
    }

    /** Settings only: --help and --version are actions, picocli describes them and they have no default. */
    private static List<OptionSpec> settings(CommandSpec command) {
        return command.options().stream().filter(o -> !o.usageHelp() && !o.versionHelp()).toList();
    }

    /** The default the help shows for an option ("required" for a required one), or null if none. */
    @SuppressWarnings("deprecation") // renderedDescription: the text --help prints, ${DEFAULT-VALUE} filled in
    private static String shownDefault(OptionSpec option) {
        Matcher m = SHOWN_DEFAULT.matcher(String.join(" ", option.renderedDescription()).strip());
        if (!m.find()) {
            return null;
        }
        return m.group(2) != null ? m.group(2) : "required";
    }

    @Test
    void everyOptionHasAOneLineDescriptionEndingInItsDefault() {
        List<String> problems = new ArrayList<>();
        subcommands().forEach((name, command) -> {
            for (OptionSpec o : settings(command)) {
                String flag = "augur " + name + " " + o.longestName();
                if (o.description().length != 1 || o.description()[0].isBlank()) {
                    problems.add(flag + ": no one-line description");
                    continue;
                }
                String shown = shownDefault(o);
                if (shown == null) {
                    problems.add(flag + ": description does not end in (default: ...) or (required)");
                } else if (o.defaultValue() != null && !shown.equals(o.defaultValue())) {
                    problems.add(flag + ": help shows default '" + shown + "', picocli has '" + o.defaultValue() + "'");
                }
            }
            for (PositionalParamSpec p : command.positionalParameters()) {
                if (p.description().length != 1 || p.description()[0].isBlank()) {
                    problems.add("augur " + name + " " + p.paramLabel() + ": no one-line description");
                }
            }
        });
        assertEquals(List.of(), problems);
    }

    @Test
    void runHelpListsEveryOptionOnceUnderItsHeadingAndTheExitStatuses() {
        CliRun help = CliRun.run("run", "--help");
        assertEquals(0, help.exitCode(), help.err());
        Map<String, String> headingOf = headingsOfOptions(help.out());
        CommandSpec run = subcommands().get("run");
        for (OptionSpec o : run.options()) {
            assertTrue(headingOf.containsKey(o.longestName()), o.longestName() + " missing from\n" + help.out());
        }
        for (OptionSpec o : settings(run)) {
            assertTrue(!headingOf.get(o.longestName()).equals("Options"), o.longestName() + " has no heading");
        }
        assertEquals(run.options().size(), headingOf.size(), help.out());
        assertEquals(List.of("Options", "Records", "Explaining and scoring", "LLM", "Run"),
            headingOf.values().stream().distinct().toList(), help.out());
        assertEquals("Records", headingOf.get("--min-examples"));
        assertEquals("Records", headingOf.get("--n-test"));
        assertEquals("Explaining and scoring", headingOf.get("--explainer"));
        assertEquals("Explaining and scoring", headingOf.get("--n-examples-shown"));
        assertEquals("LLM", headingOf.get("--max-tokens"));
        assertEquals("Run", headingOf.get("--max-latents-in-flight"));
        assertEquals("Options", headingOf.get("--help"));
        assertTrue(help.out().contains("\nExit status:\n"), help.out());
        for (String status : List.of("  0 ", "  1 ", "  2 ", "  3 ")) {
            assertTrue(help.out().contains("\n" + status), status + " missing:\n" + help.out());
        }
    }

    @Test
    void recordsHelpListsItsOptionsUnderRecords() {
        CliRun help = CliRun.run("records", "--help");
        assertEquals(0, help.exitCode(), help.err());
        Map<String, String> headingOf = headingsOfOptions(help.out());
        assertEquals(subcommands().get("records").options().size(), headingOf.size(), help.out());
        assertEquals("Records", headingOf.get("--format"));
        assertEquals("Records", headingOf.get("--cache"));
    }

    /** Option (longest name) to the heading it is listed under, in the order of the help. */
    private static Map<String, String> headingsOfOptions(String help) {
        Map<String, String> out = new LinkedHashMap<>();
        String heading = null;
        // an option's own line; a description's wrapped lines are indented further
        Pattern optionLine = Pattern.compile("^(?:  -\\w, |      )(--[\\w-]+)");
        for (String line : help.lines().toList()) {
            if (line.matches("^[A-Z][\\w ]*:$")) {
                heading = line.substring(0, line.length() - 1);
                continue;
            }
            Matcher m = optionLine.matcher(line);
            if (heading != null && m.find()) {
                assertTrue(out.put(m.group(1), heading) == null, m.group(1) + " listed twice");
            }
        }
        return out;
    }

    @Test
    void readmeRecordsTableAgreesWithTheHelp() throws IOException {
        assertTableAgrees("### `augur records`", settings(subcommands().get("records")));
    }

    /** The README tables the flags that augur run adds to those of augur records. */
    @Test
    void readmeRunTableAgreesWithTheHelp() throws IOException {
        List<String> recordFlags = settings(subcommands().get("records")).stream()
            .map(OptionSpec::longestName).toList();
        List<OptionSpec> added = settings(subcommands().get("run")).stream()
            .filter(o -> !recordFlags.contains(o.longestName())).toList();
        assertTableAgrees("### `augur run`", added);
    }

    private static void assertTableAgrees(String section, List<OptionSpec> options) throws IOException {
        Map<String, String> table = flagTable(section);
        Map<String, String> help = new TreeMap<>();
        options.forEach(o -> help.put(o.longestName(), shownDefault(o)));
        assertEquals(help, new TreeMap<>(table), "README " + section + " table (flag=default) against the help");
    }

    /**
     * The {@code | flag | default | meaning |} table of a README section as flag to default.
     * A row may name several flags and defaults, separated by " / "; a default's remark in
     * parentheses ("0 (unlimited)") and backticks are dropped.
     */
    private static Map<String, String> flagTable(String section) throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        int start = readme.indexOf("\n" + section + "\n");
        assertTrue(start >= 0, "README has no section " + section);
        int end = readme.indexOf("\n### ", start + 1);
        String body = readme.substring(start, end < 0 ? readme.length() : end);
        Map<String, String> out = new LinkedHashMap<>();
        boolean inTable = false;
        for (String line : body.lines().toList()) {
            if (line.startsWith("| flag | default | meaning |")) {
                inTable = true;
            } else if (inTable && line.startsWith("|") && !line.startsWith("|---")) {
                String[] cells = line.split("\\|", -1);
                List<String> flags = Pattern.compile("--[\\w-]+").matcher(cells[1]).results()
                    .map(r -> r.group()).toList();
                String[] defaults = cells[2].split(" / ");
                assertEquals(flags.size(), defaults.length, "flags and defaults of README row " + line);
                for (int i = 0; i < flags.size(); i++) {
                    assertTrue(out.put(flags.get(i), readmeDefault(defaults[i])) == null, flags.get(i) + " twice");
                }
            } else if (inTable && !line.startsWith("|")) {
                inTable = false;
            }
        }
        assertTrue(!out.isEmpty(), "README " + section + " has no | flag | default | meaning | table");
        return out;
    }

    private static String readmeDefault(String cell) {
        String s = cell.replace("`", "").strip();
        if (s.startsWith("(required")) {
            return "required";
        }
        return s.replaceFirst("\\s*\\([^)]*\\)$", "");
    }
}
