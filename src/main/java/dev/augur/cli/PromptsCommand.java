package dev.augur.cli;

import dev.augur.prompt.PromptTemplate;
import dev.augur.prompt.PromptTemplates;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code augur prompts}: the prompt templates, listed or written out to be edited. */
@Command(name = "prompts", mixinStandardHelpOptions = true,
    description = "List the prompt templates with their variables, or write them all to a folder "
        + "(edit them there and pass the folder to 'augur run --prompts').")
final class PromptsCommand implements Callable<Integer> {
    @Option(names = "--export", paramLabel = "DIR",
        description = "write every shipped template to DIR (created if missing; an existing template "
            + "file there is an error, nothing written) (default: none, list them)")
    Path export;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (export != null) {
            List<Path> written = PromptTemplates.export(export);
            out.printf("wrote %d templates to %s%n", written.size(), export);
        } else {
            for (PromptTemplate t : PromptTemplate.values()) {
                out.printf("%-38s %-10s %s%n", t.file(), t.stage(), t.variables().isEmpty() ? "-"
                    : String.join(" ", t.variables().stream().map(v -> "{{" + v + "}}").toList()));
            }
        }
        out.flush();
        return 0;
    }
}
