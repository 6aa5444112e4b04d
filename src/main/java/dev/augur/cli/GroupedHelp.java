package dev.augur.cli;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The option list of {@code --help} under the headings of {@link HelpGroup}, each in the order
 * the options are declared. Only the help text changes: picocli parses as before, which is why
 * this is a help section and not picocli argument groups (those change parsing and defaults).
 */
final class GroupedHelp {
    /** Wide enough for the longest flag with its label, so descriptions start on the same line. */
    private static final int LONG_OPTIONS_WIDTH = 26;

    private GroupedHelp() {
    }

    /** Lists the options of the command and of its subcommands under headings. */
    static void install(CommandLine cli) {
        cli.getCommandSpec().usageMessage().longOptionsMaxWidth(LONG_OPTIONS_WIDTH);
        Map<String, CommandLine.IHelpSectionRenderer> sections = cli.getHelpSectionMap();
        sections.put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_OPTION_LIST_HEADING, help -> "");
        sections.put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_OPTION_LIST, GroupedHelp::optionList);
        cli.getSubcommands().values().forEach(GroupedHelp::install);
    }

    private static String optionList(Help help) {
        List<OptionSpec> general = new ArrayList<>();
        Map<HelpGroup, List<OptionSpec>> grouped = new EnumMap<>(HelpGroup.class);
        for (OptionSpec option : help.commandSpec().options()) {
            if (!option.hidden()) {
                HelpGroup group = HelpGroup.of(option);
                (group == null ? general : grouped.computeIfAbsent(group, g -> new ArrayList<>())).add(option);
            }
        }
        StringBuilder out = new StringBuilder(section(help, "Options", general));
        grouped.forEach((group, options) -> out.append(section(help, group.heading, options)));
        return out.toString();
    }

    private static String section(Help help, String heading, List<OptionSpec> options) {
        if (options.isEmpty()) {
            return "";
        }
        return help.createHeading("%n" + heading + ":%n")
            + help.optionListExcludingGroups(options, help.createDefaultLayout(), null, help.parameterLabelRenderer());
    }
}
