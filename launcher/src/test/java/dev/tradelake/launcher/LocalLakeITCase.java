package dev.tradelake.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tradelake.local.feed.SyntheticMarket;
import dev.tradelake.model.Decimals;
import dev.tradelake.model.FeedTrade;
import dev.tradelake.model.FinnhubCodec;
import dev.tradelake.model.FrameRecording;
import dev.tradelake.model.TradeSequencer;
import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local lake outlives its runs: a second run adds to the first, and a run killed with
 * {@code kill -9} is completed by running the same command again, with every trade stored once,
 * every bar exact and no trade twice in the Parquet lake.
 */
class LocalLakeITCase {

    private static final long MINUTE = 60_000L;
    private static final long HOUR = 3_600_000L;
    private static final long DAY = 86_400_000L;

    @Test
    void twoRunsOfDifferentRecordingsOnOneWorkDirAreBothInTheLake(@TempDir Path work) throws Exception {
        List<FeedTrade> monday = SyntheticMarket.builder()
                .seed(3)
                .startMs(SyntheticMarket.DEFAULT_START_MS)
                .build()
                .trades(3_000);
        List<FeedTrade> tuesday = SyntheticMarket.builder()
                .seed(4)
                .startMs(SyntheticMarket.DEFAULT_START_MS + DAY)
                .build()
                .trades(2_000);
        Path mine =
                Files.writeString(Files.createDirectories(work.resolve("run")).resolve("notes.txt"), "mine");

        ExportedRun first = ExportedRun.local(
                work,
                "--replay",
                record(work.resolve("monday.jsonl.gz"), monday).toString(),
                "--speed",
                "max",
                "--no-flink");
        assertThat(first.exitCode).as(first.errors).isZero();
        ExportedRun second = ExportedRun.local(
                work,
                "--replay",
                record(work.resolve("tuesday.jsonl.gz"), tuesday).toString(),
                "--speed",
                "max",
                "--no-flink");
        assertThat(second.exitCode).as(second.errors).isZero();

        Set<String> expected = new HashSet<>(ids(monday));
        expected.addAll(ids(tuesday));
        List<String> stored =
                second.trades().stream().map(ExportedRun.CsvTrade::id).toList();
        assertThat(stored).hasSize(expected.size()).containsExactlyInAnyOrderElementsOf(expected);

        FeedTrade mondayTrade = monday.get(0);
        ExportedRun query = ExportedRun.run(
                work,
                "query",
                "trades",
                mondayTrade.symbol(),
                "--work-dir",
                work.resolve("run").toString(),
                "--from",
                Long.toString(mondayTrade.timeMs()),
                "--to",
                Long.toString(mondayTrade.timeMs()),
                "--json");
        assertThat(query.exitCode).as(query.errors).isZero();
        assertThat(query.output.lines().filter(l -> l.startsWith("{"))).isNotEmpty();
        assertThat(mine).hasContent("mine");
    }

    @Test
    void aRunKilledMidReplayIsCompletedByTheSameCommandWithEveryTradeOnceAndEveryBarExact(@TempDir Path work)
            throws Exception {
        List<FeedTrade> day = SyntheticMarket.builder().seed(5).build().trades(20_000);
        Path recording = record(work.resolve("day.jsonl.gz"), day);
        Path runDir = work.resolve("run");
        try (LocalChild killed = LocalChild.start(
                runDir, work.resolve("killed.log"), "--replay", recording.toString(), "--speed", "5")) {
            killed.awaitOutput("stored [ 0-9.,]+/s \\(([1-9][0-9,]*)\\)", Duration.ofSeconds(90));
            // Killed after the job committed lake files at a checkpoint, so the next run must not write them again.
            awaitCommittedLakeFile(runDir, Duration.ofSeconds(60));
            new ProcessBuilder("kill", "-KILL", Long.toString(killed.process.pid()))
                    .inheritIO()
                    .start()
                    .waitFor();
            assertThat(killed.waitFor(Duration.ofSeconds(10))).isTrue();
            assertThat(killed.output()).doesNotContain("stopped:");
        }

        ExportedRun again = ExportedRun.local(work, "--replay", recording.toString(), "--speed", "max");

        assertThat(again.exitCode).as(again.errors).isZero();
        List<String> stored =
                again.trades().stream().map(ExportedRun.CsvTrade::id).toList();
        List<String> expected = ids(day);
        assertThat(stored).hasSize(expected.size()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(rows(again.bars())).containsExactlyInAnyOrderElementsOf(rows(bars(day, MINUTE)));
        // The hours are rolled up inside the job from its minutes: the crash must not have counted a minute twice.
        assertThat(rows(storedBars(work, runDir, day, "1h")))
                .containsExactlyInAnyOrderElementsOf(rows(bars(day, HOUR)));
        ExportedRun lake = ExportedRun.run(
                work,
                "sql",
                "select count(*) as n, count(distinct id) as d from trades",
                "--work-dir",
                runDir.toString(),
                "--format",
                "csv");
        assertThat(lake.exitCode).as(lake.errors).isZero();
        assertThat(lake.output.lines().toList()).containsExactly("n,d", day.size() + "," + day.size());
        assertThat(ProcessHandle.allProcesses()
                        .filter(p -> p.info().commandLine().orElse("").contains(runDir.toString())))
                .as("processes left behind")
                .isEmpty();
    }

    private static void awaitCommittedLakeFile(Path runDir, Duration timeout) throws Exception {
        Path trades = runDir.resolve("lake").resolve("trades");
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.isDirectory(trades)) {
                try (Stream<Path> files = Files.walk(trades)) {
                    if (files.anyMatch(p -> p.getFileName().toString().endsWith(".parquet")
                            && !p.getFileName().toString().startsWith("."))) {
                        return;
                    }
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no committed lake file under " + trades + " within " + timeout);
    }

    /** The bars of {@code windowMs} stored for every symbol of {@code trades}, as {@code ./datalake query} prints them. */
    private static List<ExportedRun.CsvBar> storedBars(Path work, Path runDir, List<FeedTrade> trades, String window) {
        List<ExportedRun.CsvBar> bars = new ArrayList<>();
        for (String symbol : trades.stream().map(FeedTrade::symbol).distinct().toList()) {
            ExportedRun query = ExportedRun.run(
                    work,
                    "query",
                    "bars",
                    symbol,
                    "--window",
                    window,
                    "--work-dir",
                    runDir.toString(),
                    "--format",
                    "csv");
            assertThat(query.exitCode).as(query.errors).isZero();
            bars.addAll(ExportedRun.csvBars(query.output.lines().toList()));
        }
        return bars;
    }

    /** The bars of {@code trades}, computed from the trades alone (in feed order within a millisecond). */
    private static List<ExportedRun.CsvBar> bars(List<FeedTrade> trades, long windowMs) {
        Map<String, List<FeedTrade>> byBar = new TreeMap<>();
        for (FeedTrade t : trades) {
            byBar.computeIfAbsent(t.symbol() + "@" + t.timeMs() / windowMs * windowMs, k -> new ArrayList<>())
                    .add(t);
        }
        List<ExportedRun.CsvBar> bars = new ArrayList<>();
        byBar.forEach((key, in) -> {
            List<FeedTrade> ordered = in.stream()
                    .sorted(Comparator.comparingLong(FeedTrade::timeMs))
                    .toList();
            BigDecimal volume = ordered.stream().map(FeedTrade::volume).reduce(BigDecimal.ZERO, BigDecimal::add);
            BigDecimal turnover =
                    ordered.stream().map(t -> t.price().multiply(t.volume())).reduce(BigDecimal.ZERO, BigDecimal::add);
            bars.add(new ExportedRun.CsvBar(
                    ordered.get(0).symbol(),
                    ordered.get(0).timeMs() / windowMs * windowMs,
                    ordered.get(0).price(),
                    ordered.stream()
                            .map(FeedTrade::price)
                            .reduce(BigDecimal::max)
                            .orElseThrow(),
                    ordered.stream()
                            .map(FeedTrade::price)
                            .reduce(BigDecimal::min)
                            .orElseThrow(),
                    ordered.get(ordered.size() - 1).price(),
                    volume,
                    volume.signum() == 0 ? null : Decimals.vwap(turnover, volume),
                    ordered.size()));
        });
        return bars;
    }

    /** Bars as text, numbers as {@link Decimals#text} spells them (1.50 and 1.5 are the same price). */
    private static List<String> rows(List<ExportedRun.CsvBar> bars) {
        return bars.stream()
                .map(b -> String.join(
                        ",",
                        b.symbol(),
                        Long.toString(b.windowStartMs()),
                        Decimals.text(b.open()),
                        Decimals.text(b.high()),
                        Decimals.text(b.low()),
                        Decimals.text(b.close()),
                        Decimals.text(b.volume()),
                        b.vwap() == null ? "" : Numbers.vwap(b.vwap()), // the export's ten decimals
                        Long.toString(b.trades())))
                .toList();
    }

    /** Writes trades as a recording of Finnhub frames, as --record-frames does. */
    private static Path record(Path file, List<FeedTrade> trades) throws IOException {
        try (Writer out = FrameRecording.writer(Files.newOutputStream(file))) {
            for (int from = 0; from < trades.size(); from += 20) {
                out.write(FinnhubCodec.tradeFrame(trades.subList(from, Math.min(trades.size(), from + 20))));
                out.write('\n');
            }
        }
        return file;
    }

    private static List<String> ids(List<FeedTrade> trades) {
        TradeSequencer sequencer = new TradeSequencer();
        List<String> ids = new ArrayList<>(trades.size());
        trades.forEach(t -> ids.add(sequencer.identify(t, 0).id().toString()));
        return ids;
    }
}
