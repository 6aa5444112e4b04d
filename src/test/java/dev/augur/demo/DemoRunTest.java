package dev.augur.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augur.testing.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The quick start's main job: `augur run --demo` prints true explanations against the control. */
class DemoRunTest {
    @TempDir
    Path dir;

    private static double headline(String out, String label) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(label) + "\\s+([0-9.]+)").matcher(out);
        assertTrue(m.find(), label + " row in: " + out);
        return Double.parseDouble(m.group(1));
    }

    @Test
    void trueExplanationsBeatTheRandomControl() throws Exception {
        String old = System.getProperty("augur.cache");
        System.setProperty("augur.cache", dir.resolve("home").toString());
        try {
            CliRun r = CliRun.run("run", "--demo", "--results", dir.resolve("results").toString());
            assertEquals(0, r.exitCode(), r.err());
            double truth = headline(r.out(), "true explanations");
            double control = headline(r.out(), "control (random explanations)");
            assertTrue(truth > control + 0.05, "true " + truth + " vs control " + control);
            assertTrue(Files.isRegularFile(dir.resolve("results/demo/report/metrics.json")));
            assertTrue(Files.isRegularFile(dir.resolve("results/demo-control/report/metrics.json")));
            assertTrue(r.out().indexOf("AUC") < r.out().lastIndexOf("F1"), "AUC first");
        } finally {
            if (old == null) {
                System.clearProperty("augur.cache");
            } else {
                System.setProperty("augur.cache", old);
            }
        }
    }
}
