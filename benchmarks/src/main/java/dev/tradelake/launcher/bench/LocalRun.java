package dev.tradelake.launcher.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tradelake.launcher.Datalake;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code ./datalake local ... --until-drained --export DIR} in a child JVM started with this
 * JVM's own options and classpath: exactly what a user runs, in a fresh JVM whose peak memory
 * can be read, and whose {@code summary.json} holds the figures.
 */
final class LocalRun {

    static final String SUMMARY_FILE = "summary.json";
    static final String TRADES_FILE = "trades.csv";

    private LocalRun() {}

    /**
     * @param summary       the run's {@code summary.json}
     * @param launcherKb    peak RSS of the launcher JVM (feed, ingest, Lambda handler, Flink MiniCluster)
     * @param descendantsKb peak RSS of its children (the Kinesis and DynamoDB emulators)
     */
    record Outcome(
            JsonNode summary, long launcherKb, Map<String, Long> descendantsKb, Path exportDir, double seconds) {}

    /** A fresh work directory for a child run; {@link #delete} it afterwards. */
    static Path workDir(String label) throws IOException {
        return Files.createTempDirectory("datalake-bench-" + label + "-");
    }

    static Outcome run(BenchContext ctx, String label, List<String> localArgs, Path workDir, Duration timeout)
            throws Exception {
        Path export = workDir.resolve("export");
        List<String> command = new ArrayList<>();
        command.add(ChildJvm.java());
        command.addAll(ChildJvm.inheritedOptions());
        command.add("-cp");
        command.add(ChildJvm.classpath());
        command.add(Datalake.class.getName());
        command.add("local");
        command.addAll(localArgs);
        command.addAll(List.of(
                "--until-drained",
                "--export",
                export.toString(),
                "--work-dir",
                workDir.toString(),
                "--timeout",
                timeout.toMinutes() + "m"));
        Path log = ctx.logDir().resolve(label + ".log");
        long start = System.nanoTime();
        Process process = ChildJvm.start(command, Map.of(), log);
        try (PeakRss rss = PeakRss.watch(process.toHandle())) {
            if (!process.waitFor(timeout.toSeconds() + 60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("./datalake local did not finish in " + timeout + "; see " + log);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            if (process.exitValue() != 0) {
                throw new IllegalStateException("./datalake local exited with " + process.exitValue() + "; see " + log);
            }
            JsonNode summary =
                    new ObjectMapper().readTree(export.resolve(SUMMARY_FILE).toFile());
            return new Outcome(summary, rss.rootKb(), rss.descendantsKb(), export, seconds);
        } finally {
            if (process.isAlive()) {
                ChildJvm.stop(process, 30);
            }
        }
    }

    /** The newest trade time in the export's {@code trades.csv} ({@code symbol,t,price,volume,id}). */
    static long lastTradeMs(Path exportDir) throws IOException {
        try (Stream<String> lines = Files.lines(exportDir.resolve(TRADES_FILE))) {
            // Symbols hold no comma, so t is the second field.
            return lines.skip(1)
                    .mapToLong(line -> Long.parseLong(line.split(",", 3)[1]))
                    .max()
                    .orElse(0);
        }
    }

    static void delete(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
