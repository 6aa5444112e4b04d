package dev.augur.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the augur command line in a JVM of its own (the test's classpath, this JDK), for what only
 * a fresh process shows: which native libraries it loads, what it leaves in the temporary folder.
 */
public record AugurProcess(int exitCode, String out, String err) {
    /** Every run is killed past this. */
    private static final long DEADLINE_SECONDS = 180;

    /**
     * @param jvmOptions such as {@code -Djava.io.tmpdir=...}
     * @param env added to this process's environment
     * @param args the augur arguments
     */
    public static AugurProcess run(List<String> jvmOptions, Map<String, String> env, List<String> args)
        throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx512m");
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("dev.augur.cli.Augur");
        cmd.addAll(args);
        Path logs = Files.createTempDirectory("augur-process-test");
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd)
                .redirectOutput(logs.resolve("out").toFile())
                .redirectError(logs.resolve("err").toFile());
            pb.environment().putAll(env);
            Process p = pb.start();
            if (!p.waitFor(DEADLINE_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError("augur " + args + " still running after " + DEADLINE_SECONDS + " s");
            }
            return new AugurProcess(p.exitValue(),
                Files.readString(logs.resolve("out"), StandardCharsets.UTF_8),
                Files.readString(logs.resolve("err"), StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(logs.resolve("out"));
            Files.deleteIfExists(logs.resolve("err"));
            Files.deleteIfExists(logs);
        }
    }
}
