package dev.tradelake.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ./datalake local} in a child JVM that leads its own process group, as in a terminal: a
 * signal to {@code -pid} reaches it and its emulators. The child gets SIGINT at its default
 * disposition whatever this JVM inherited ({@code env --default-signal=INT}): a JVM started
 * with SIGINT ignored, as a script's background job is, installs no Ctrl-C handler.
 */
final class LocalChild implements AutoCloseable {

    final Process process;
    final Path log;
    final Path workDir;

    private LocalChild(Process process, Path log, Path workDir) {
        this.process = process;
        this.log = log;
        this.workDir = workDir;
    }

    static LocalChild start(Path workDir, Path log, String... localArgs) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                "setsid",
                "env",
                "--default-signal=INT",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g",
                "--add-opens=java.base/java.util=ALL-UNNAMED",
                "--add-opens=java.base/java.lang=ALL-UNNAMED"));
        String home = System.getProperty("tradelake.home");
        if (home != null) {
            command.add("-Dtradelake.home=" + home);
        }
        command.addAll(List.of(
                "-cp",
                System.getProperty("java.class.path"),
                Datalake.class.getName(),
                "local",
                "--work-dir",
                workDir.toString()));
        command.addAll(Arrays.asList(localArgs));
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().remove("FINNHUB_API_KEY");
        return new LocalChild(builder.start(), log, workDir);
    }

    /** Sends a signal to the child's whole process group, as a terminal or {@code timeout} does. */
    void signalGroup(String signal) throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-" + signal, "--", "-" + process.pid())
                .inheritIO()
                .start()
                .waitFor();
    }

    boolean waitFor(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    String output() throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    /** Waits for a line of the output to match; returns the match. */
    Matcher awaitOutput(String regex, Duration timeout) throws IOException, InterruptedException {
        Pattern pattern = Pattern.compile(regex);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(log)) {
                Matcher m = pattern.matcher(output());
                if (m.find()) {
                    return m;
                }
            }
            if (!process.isAlive()) {
                break;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("no line matching " + regex + " in time:\n" + output());
    }

    /** Processes (the JVM, emulators) whose command line names the work directory. */
    List<ProcessHandle> leftBehind() {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().orElse("").contains(workDir.toString()))
                .toList();
    }

    /** Never leaves the group behind, whatever the test did. */
    @Override
    public void close() throws IOException, InterruptedException {
        if (process.isAlive()) {
            signalGroup("KILL");
        }
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
        for (ProcessHandle p : leftBehind()) {
            p.destroyForcibly();
        }
    }
}
