package dev.augur.cli;

import dev.augur.AugurException;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code augur} command line. User errors print one line, never a stack trace. */
@Command(name = "augur", mixinStandardHelpOptions = true, version = "augur 0.1.0",
    description = "Explain and score sparse-autoencoder latents (delphi-compatible).",
    commandListHeading = "%nCommands:%n",
    subcommands = {RecordsCommand.class, InspectCommand.class, NeighboursCommand.class, RunCommand.class,
        ReportCommand.class, ServeCommand.class, PromptsCommand.class})
public final class Augur {
    /** Exit code of a user error (bad input, missing file): one line, nothing written. */
    public static final int EXIT_USAGE = 2;
    /** Exit code of a bug or an unexpected failure (the message says how to get the stack trace). */
    public static final int EXIT_INTERNAL = 1;
    /** Exit code of {@code augur run} when some selected latents failed or had no explanation. */
    public static final int EXIT_FAILED_LATENTS = 3;
    /** Exit code of {@code augur run} when it stopped at its budget (--budget-tokens, --budget-usd). */
    public static final int EXIT_BUDGET = 4;

    static {
        // Before any DJL class loads: never download, never phone home.
        setIfAbsent("ai.djl.offline", "true");
        setIfAbsent("OPT_OUT_TRACKING", "true");
    }

    private Augur() {
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit code (tests call this). */
    public static int run(String... args) {
        CommandLine cli = commandLine();
        Path conf = JsonDefaults.confArgument(args);
        if (conf != null) {
            try {
                cli.setDefaultValueProvider(JsonDefaults.read(conf));
            } catch (AugurException e) {
                cli.getErr().println("augur: error: " + e.getMessage());
                cli.getErr().flush();
                return EXIT_USAGE;
            }
        }
        return cli.execute(args);
    }

    /** The command line as users get it: error handlers set, options listed under headings. */
    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Augur());
        cli.setExecutionExceptionHandler(Augur::handle);
        cli.setParameterExceptionHandler(Augur::badArguments);
        GroupedHelp.install(cli);
        return cli;
    }

    /** A flag picocli cannot read: one line and where the help is, not the whole usage. */
    private static int badArguments(CommandLine.ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        if (e.getCause() instanceof AugurException typed) { // a converter's own message names the flag
            cmd.getErr().println("augur: error: " + typed.getMessage());
            cmd.getErr().flush();
            return EXIT_USAGE;
        }
        String message = String.valueOf(e.getMessage()).strip().replaceAll("\\s*\\R\\s*", "; ");
        if (e instanceof CommandLine.UnmatchedArgumentException u && !u.getSuggestions().isEmpty()) {
            message += " (did you mean " + String.join(" or ", u.getSuggestions()) + "?)";
        }
        PrintWriter err = cmd.getErr();
        err.println("augur: error: " + message + "; see '" + cmd.getCommandSpec().qualifiedName() + " --help'");
        err.flush();
        return EXIT_USAGE;
    }

    private static int handle(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        PrintWriter err = cmd.getErr();
        if (e instanceof AugurException) {
            err.println("augur: error: " + e.getMessage());
            err.flush();
            return EXIT_USAGE;
        }
        if (Boolean.getBoolean("augur.debug") || System.getenv("AUGUR_DEBUG") != null) {
            e.printStackTrace(err);
        }
        err.println("augur: internal error: " + e + " (set AUGUR_DEBUG=1 for the stack trace)");
        err.flush();
        return EXIT_INTERNAL;
    }
}
