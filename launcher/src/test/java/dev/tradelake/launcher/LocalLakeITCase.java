package dev.tradelake.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tradelake.local.feed.SyntheticMarket;
import dev.tradelake.model.FeedTrade;
import dev.tradelake.model.FinnhubCodec;
import dev.tradelake.model.FrameRecording;
import dev.tradelake.model.TradeSequencer;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local lake outlives its runs: a second run adds to the first, a run killed with
 * {@code kill -9} is completed by running the same command again, and nothing is stored twice.
 * Bars are not asserted here: a replayed stream counts a killed run's records again in the bars
 * until the bars job deduplicates (wip-bars); the trades table is keyed by trade id.
 */
class LocalLakeITCase {

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
    void aRunKilledMidReplayIsCompletedByTheSameCommandAndEveryTradeIsStoredOnce(@TempDir Path work) throws Exception {
        List<FeedTrade> day = SyntheticMarket.builder().seed(5).build().trades(20_000);
        Path recording = record(work.resolve("day.jsonl.gz"), day);
        Path runDir = work.resolve("run");
        try (LocalChild killed = LocalChild.start(
                runDir, work.resolve("killed.log"), "--replay", recording.toString(), "--speed", "5", "--no-flink")) {
            killed.awaitOutput("stored [ 0-9.,]+/s \\(([1-9][0-9,]*)\\)", Duration.ofSeconds(90));
            new ProcessBuilder("kill", "-KILL", Long.toString(killed.process.pid()))
                    .inheritIO()
                    .start()
                    .waitFor();
            assertThat(killed.waitFor(Duration.ofSeconds(10))).isTrue();
            assertThat(killed.output()).doesNotContain("stopped:");
        }

        ExportedRun again = ExportedRun.local(work, "--replay", recording.toString(), "--speed", "max", "--no-flink");

        assertThat(again.exitCode).as(again.errors).isZero();
        List<String> stored =
                again.trades().stream().map(ExportedRun.CsvTrade::id).toList();
        List<String> expected = ids(day);
        assertThat(stored).hasSize(expected.size()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(ProcessHandle.allProcesses()
                        .filter(p -> p.info().commandLine().orElse("").contains(runDir.toString())))
                .as("processes left behind")
                .isEmpty();
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
