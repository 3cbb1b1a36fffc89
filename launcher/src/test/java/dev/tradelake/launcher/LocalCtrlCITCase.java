package dev.tradelake.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C on a running {@code ./datalake local}: SIGINT reaches the whole process group (the JVM
 * and the emulators), as a terminal sends it. Everything the ingest accepted is stored, and no
 * process is left behind.
 */
class LocalCtrlCITCase {

    private static final Pattern STOPPED = Pattern.compile(
            "stopped: (\\d+) trades accepted, (\\d+) written to the stream, (\\d+) stored, (\\d+) rejected");

    @Test
    void ctrlCStoresEverythingAcceptedAndLeavesNoProcess(@TempDir Path work) throws Exception {
        Path workDir = work.resolve("run");
        Path log = work.resolve("datalake.log");
        List<String> command = new ArrayList<>(List.of("setsid",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
                "-Daws.cborEnabled=false",
                "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.lang=ALL-UNNAMED"));
        String home = System.getProperty("tradelake.home");
        if (home != null) {
            command.add("-Dtradelake.home=" + home);
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Datalake.class.getName(),
                "local", "--rate", "2000", "--work-dir", workDir.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("AWS_CBOR_DISABLE", "true");
        builder.environment().remove("FINNHUB_API_KEY");
        Process datalake = builder.start();
        try {
            awaitLogLine(log, "stored [ 0-9.,]+/s \\(([1-9][0-9,]*)\\)", Duration.ofSeconds(90));
            // setsid made the JVM a process-group leader: -pid addresses the group, as a terminal's Ctrl-C does.
            new ProcessBuilder("kill", "-INT", "--", "-" + datalake.pid()).inheritIO().start().waitFor();
            assertThat(datalake.waitFor(90, TimeUnit.SECONDS)).as("exits after Ctrl-C").isTrue();
        } finally {
            datalake.destroyForcibly();
        }

        String output = Files.readString(log, StandardCharsets.UTF_8);
        Matcher stopped = STOPPED.matcher(output);
        assertThat(stopped.find()).as(output).isTrue();
        long accepted = Long.parseLong(stopped.group(1));
        assertThat(accepted).isPositive();
        assertThat(Long.parseLong(stopped.group(2))).as("written to the stream").isEqualTo(accepted);
        assertThat(Long.parseLong(stopped.group(3))).as("stored").isGreaterThanOrEqualTo(accepted);
        assertThat(ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().orElse("").contains(workDir.toString())))
                .as("processes left behind").isEmpty();
    }

    private static void awaitLogLine(Path log, String regex, Duration timeout) throws IOException, InterruptedException {
        Pattern pattern = Pattern.compile(regex);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && pattern.matcher(Files.readString(log, StandardCharsets.UTF_8)).find()) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("no line matching " + regex + " in time:\n" + Files.readString(log, StandardCharsets.UTF_8));
    }
}
