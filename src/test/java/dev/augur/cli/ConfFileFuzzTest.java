package dev.augur.cli;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.augur.testing.FuzzFiles;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

/**
 * Fuzzes a {@code --conf} file as {@code augur run --conf FILE} reads it: JSON defaults checked
 * against the run command's flags, then the flags parsed with those defaults. A bad value is
 * picocli's usage error (ParameterException: one line and exit 2 on the command line).
 */
@Timeout(30) // per input (Jazzer passes it to libFuzzer) and per JUnit invocation: above maxDuration
class ConfFileFuzzTest {
    @AfterAll
    static void report() {
        FuzzFiles.report(ConfFileFuzzTest.class);
    }

    @FuzzTest(maxDuration = "9s")
    void confFile(byte[] data) throws Exception {
        Path file = FuzzFiles.write("conf/run.json", data);
        FuzzFiles.acceptsOrRejectsCleanly("run.json", () -> {
            JsonDefaults defaults = JsonDefaults.read(file);
            CommandLine cli = new CommandLine(new RunCommand());
            defaults.checkKeys(cli.getCommandSpec());
            cli.setDefaultValueProvider(defaults);
            try {
                cli.parseArgs();
            } catch (CommandLine.ParameterException e) {
                return; // picocli's usage error
            }
        });
    }
}
