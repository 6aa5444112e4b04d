package dev.augur.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/augur and bin/vertx (through bin/lib/augur-jar.sh) rebuild target/augur.jar when it is
 * missing or older than pom.xml or a file under src/main, build once when started together, and
 * never run the old jar after a failed build. They run here on a copy of the launchers in a fake
 * project, with stand-ins for {@code mvn} and {@code java} on the PATH that log their calls.
 */
class LauncherJarTest {
    private static final Path REPO = Path.of("").toAbsolutePath();
    /** An hour ago: the fixture's sources and jar get times around it, so no test waits for a clock tick. */
    private static final Instant BASE = Instant.now().minus(1, ChronoUnit.HOURS);

    @TempDir
    Path dir;
    private Path root;
    private Path stubs;
    private Path jar;
    private Path source;
    private final Map<Process, Path> stderrFiles = new HashMap<>();

    @BeforeEach
    void fakeProject() throws IOException {
        root = dir.resolve("project");
        for (String launcher : List.of("bin/augur", "bin/vertx", "bin/lib/augur-jar.sh")) {
            Files.createDirectories(root.resolve(launcher).getParent());
            Files.copy(REPO.resolve(launcher), root.resolve(launcher));
        }
        Files.writeString(root.resolve("pom.xml"), "<project/>");
        source = root.resolve("src/main/java/dev/augur/Thing.java");
        Files.createDirectories(source.getParent());
        Files.writeString(source, "class Thing {}");
        Files.createDirectories(root.resolve("src/test/java"));
        Files.writeString(root.resolve("src/test/java/ThingTest.java"), "class ThingTest {}");
        jar = root.resolve("target/augur.jar");
        stubs = Files.createDirectories(dir.resolve("stubs"));
        // mvn: logs its working folder and arguments; writes the jar after STUB_MVN_SLEEP seconds,
        // or fails as a compile error does when STUB_MVN_FAIL is set.
        stub("mvn", """
            echo "$PWD $*" >> "%s"
            sleep "${STUB_MVN_SLEEP:-0}"
            if [ -n "${STUB_MVN_FAIL:-}" ]; then echo "[ERROR] Thing.java:[1,1] compilation failed"; exit 1; fi
            mkdir -p target && echo new > target/augur.jar
            """.formatted(log("mvn")));
        stub("java", "echo \"$*\" >> \"%s\"\n".formatted(log("java")));
        for (Path p : List.of(root.resolve("pom.xml"), source, root.resolve("src/test/java/ThingTest.java"))) {
            Files.setLastModifiedTime(p, at(0));
        }
    }

    @Test
    void missingJarIsBuiltThenRun() throws Exception {
        Result r = launch("bin/augur", "--version");
        assertEquals(0, r.exit, r.err);
        assertEquals(List.of(root + " -B -q -DskipTests package"), calls("mvn"));
        assertTrue(r.err.contains("augur: building target/augur.jar: it is missing"), r.err);
        assertEquals(1, calls("java").size());
        assertTrue(calls("java").get(0).endsWith("-jar " + jar + " --version"), calls("java").toString());
    }

    @Test
    void vertxBuildsTheMissingJarToo() throws Exception {
        Result r = launch("bin/vertx", "version");
        assertEquals(0, r.exit, r.err);
        assertEquals(1, calls("mvn").size());
        assertTrue(r.err.contains("vertx: building target/augur.jar: it is missing"), r.err);
        assertEquals(1, calls("java").size());
    }

    @Test
    void freshJarIsRunWithoutBuilding() throws Exception {
        freshJar();
        Result r = launch("bin/augur", "--version");
        assertEquals(0, r.exit, r.err);
        assertEquals(List.of(), calls("mvn"));
        assertEquals("", r.err);
        assertEquals(1, calls("java").size());
    }

    @Test
    void editedMainSourceRebuildsTheJar() throws Exception {
        freshJar();
        Files.setLastModifiedTime(source, at(20));
        Result r = launch("bin/augur", "--version");
        assertEquals(0, r.exit, r.err);
        assertEquals(1, calls("mvn").size());
        assertTrue(r.err.contains("augur: building target/augur.jar: src/main/java/dev/augur/Thing.java is newer than it"), r.err);
        assertEquals("new\n", Files.readString(jar));
        // built: the next start runs it as it is
        Result again = launch("bin/augur", "--version");
        assertEquals("", again.err);
        assertEquals(1, calls("mvn").size());
        assertEquals(2, calls("java").size());
    }

    @Test
    void editedPomRebuildsTheJarButEditedTestsDoNot() throws Exception {
        freshJar();
        Files.setLastModifiedTime(root.resolve("src/test/java/ThingTest.java"), at(20));
        assertEquals(0, launch("bin/augur").exit);
        assertEquals(List.of(), calls("mvn"));
        Files.setLastModifiedTime(root.resolve("pom.xml"), at(20));
        Result r = launch("bin/augur");
        assertEquals(0, r.exit, r.err);
        assertEquals(1, calls("mvn").size());
        assertTrue(r.err.contains("pom.xml is newer than it"), r.err);
    }

    @Test
    void failedBuildExitsNonZeroWithMavensErrorAndNeverRunsTheOldJar() throws Exception {
        freshJar();
        Files.setLastModifiedTime(source, at(20));
        for (String launcher : List.of("bin/augur", "bin/vertx")) {
            Result r = launch(launcher, List.of("STUB_MVN_FAIL=1"), "--version");
            assertNotEquals(0, r.exit, launcher);
            assertTrue(r.err.contains("[ERROR] Thing.java:[1,1] compilation failed"), r.err);
            assertTrue(r.err.contains("building target/augur.jar failed"), r.err);
        }
        assertEquals(List.of(), calls("java"));
        assertEquals("old\n", Files.readString(jar));
    }

    @Test
    void launchersStartedTogetherBuildOnce() throws Exception {
        assumeTrue(onPath("flock"), "flock (util-linux) is what serialises the builds");
        List<Process> started = new ArrayList<>();
        for (String launcher : List.of("bin/augur", "bin/vertx", "bin/augur")) {
            started.add(start(launcher, List.of("STUB_MVN_SLEEP=0.5")));
        }
        for (Process p : started) {
            assertTrue(p.waitFor(20, TimeUnit.SECONDS), "a launcher did not finish");
            assertEquals(0, p.exitValue(), stderr(p));
        }
        assertEquals(1, calls("mvn").size(), calls("mvn").toString());
        assertEquals(3, calls("java").size());
    }

    @Test
    void installationWithoutSourcesNeedsTheJar() throws Exception {
        Files.delete(root.resolve("pom.xml"));
        Result missing = launch("bin/augur", "--version");
        assertEquals(2, missing.exit);
        assertTrue(missing.err.contains("target/augur.jar is missing and there is no pom.xml to build it from"), missing.err);
        freshJar();
        Files.setLastModifiedTime(source, at(20)); // sources without a pom.xml are not a project
        assertEquals(0, launch("bin/augur", "--version").exit);
        assertEquals(List.of(), calls("mvn"));
        assertFalse(calls("java").isEmpty());
    }

    private static boolean onPath(String command) {
        return java.util.Arrays.stream(System.getenv("PATH").split(File.pathSeparator))
            .anyMatch(d -> Files.isExecutable(Path.of(d, command)));
    }

    private void freshJar() throws IOException {
        Files.createDirectories(jar.getParent());
        Files.writeString(jar, "old\n");
        Files.setLastModifiedTime(jar, at(10));
    }

    private static FileTime at(int minutes) {
        return FileTime.from(BASE.plus(minutes, ChronoUnit.MINUTES));
    }

    private record Result(int exit, String err) {}

    private Result launch(String launcher, String... args) throws Exception {
        return launch(launcher, List.of(), args);
    }

    private Result launch(String launcher, List<String> env, String... args) throws Exception {
        Process p = start(launcher, env, args);
        assertTrue(p.waitFor(20, TimeUnit.SECONDS), launcher + " did not finish");
        return new Result(p.exitValue(), stderr(p));
    }

    private Process start(String launcher, List<String> env, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("bash", root.resolve(launcher).toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        // stderr to a file, read once the process is over: a hung launcher cannot block the test
        pb.redirectError(dir.resolve("stderr-" + stderrFiles.size()).toFile());
        pb.environment().put("PATH", stubs + ":" + System.getenv("PATH"));
        pb.environment().remove("AUGUR_HAZELCAST_CONFIG");
        for (String e : env) {
            pb.environment().put(e.substring(0, e.indexOf('=')), e.substring(e.indexOf('=') + 1));
        }
        Process p = pb.start();
        stderrFiles.put(p, dir.resolve("stderr-" + stderrFiles.size()));
        return p;
    }

    private String stderr(Process p) throws IOException {
        return Files.readString(stderrFiles.get(p));
    }

    private void stub(String name, String body) throws IOException {
        Path p = stubs.resolve(name);
        Files.writeString(p, "#!/usr/bin/env bash\n" + body);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private Path log(String name) {
        return dir.resolve(name + ".log");
    }

    private List<String> calls(String name) throws IOException {
        return Files.exists(log(name)) ? Files.readAllLines(log(name)) : List.of();
    }
}
