package dev.tradelake.flink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tradelake.flink.testing.CollectedBars;
import dev.tradelake.flink.testing.FailOnceAfterACheckpoint;
import dev.tradelake.flink.testing.InMemoryRecords;
import dev.tradelake.flink.testing.TestBarSettings;
import dev.tradelake.flink.testing.TradeRecords;
import dev.tradelake.model.Decimals;
import dev.tradelake.model.FeedTrade;
import dev.tradelake.model.Trade;
import dev.tradelake.model.TradeSequencer;
import dev.tradelake.model.testing.RecordedDay;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lake's Parquet files, read back with SQL: the recorded day's trades and 1m bars equal the
 * reference exactly, and a failure and restart from a checkpoint, plus records delivered twice,
 * leave each trade once in the committed files.
 */
class LakeITCase {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = MiniClusters.parallelismTwo();

    private static final long MINUTE = 60_000;

    @Test
    void recordedDayTradesAndBarsEqualTheReference(@TempDir Path lake) throws Exception {
        RecordedDay.assumePresent();
        TradeSequencer sequencer = new TradeSequencer();
        List<Trade> trades = new ArrayList<>(RecordedDay.TOTAL_TRADES);
        for (FeedTrade t : RecordedDay.trades()) {
            trades.add(sequencer.identify(t, t.timeMs()));
        }
        List<byte[]> records = TradeRecords.packPerSymbol(
                trades, TradeRecords.DEFAULT_TRADES_PER_RECORD, TradeRecords.DEFAULT_LINGER_TRADES);
        try (InMemoryRecords source = InMemoryRecords.of(records);
                CollectedBars sink = CollectedBars.create()) {
            new BarsJob(TestBarSettings.windows(List.of(MINUTE)), source, sink)
                    .withCheckpointInterval(1_000)
                    .withLake(lake.toString())
                    .execute(StreamExecutionEnvironment.getExecutionEnvironment());
        }

        try (LakeFiles files = new LakeFiles(lake)) {
            assertThat(files.count("SELECT count(*) FROM trades")).isEqualTo(RecordedDay.TOTAL_TRADES);
            assertThat(files.count("SELECT count(DISTINCT id) FROM trades")).isEqualTo(RecordedDay.TOTAL_TRADES);
            Map<String, List<String>> perSymbol = new HashMap<>();
            for (List<String> row : files.rows("SELECT symbol, count(*), sum(CAST(volume AS DECIMAL(38, 18))),"
                    + " min(dt), max(dt) FROM trades GROUP BY symbol")) {
                perSymbol.put(row.get(0), row);
            }
            assertThat(perSymbol.keySet()).containsExactlyInAnyOrderElementsOf(RecordedDay.SYMBOLS);
            RecordedDay.totals().forEach((symbol, totals) -> {
                List<String> row = perSymbol.get(symbol);
                assertThat(Long.parseLong(row.get(1))).as("trades of " + symbol).isEqualTo(totals.trades());
                assertThat(Decimals.canonical(new BigDecimal(row.get(2))))
                        .as("volume of " + symbol)
                        .isEqualTo(Decimals.of(totals.volume()));
                assertThat(row.subList(3, 5)).containsOnly("2013-10-07");
            });

            List<RecordedDay.ReferenceBar> reference = RecordedDay.bars1m();
            Map<String, List<String>> bars = new HashMap<>();
            for (List<String> row : files.rows("SELECT symbol, epoch_ms(window_start), open, high, low, close, volume,"
                    + " trades FROM bars WHERE \"window\" = '1m'")) {
                assertThat(bars.put(row.get(0) + " " + row.get(1), row))
                        .as("bar %s written once", row)
                        .isNull();
            }
            assertThat(bars).hasSize(reference.size());
            for (RecordedDay.ReferenceBar ref : reference) {
                List<String> bar = bars.get(ref.symbol() + " " + ref.windowStartMs());
                assertThat(bar)
                        .as("bar %s %d", ref.symbol(), ref.windowStartMs())
                        .isNotNull();
                assertThat(bar.subList(2, 8))
                        .as("bar %s %d", ref.symbol(), ref.windowStartMs())
                        .containsExactly(
                                text(ref.open()),
                                text(ref.high()),
                                text(ref.low()),
                                text(ref.close()),
                                text(ref.volume()),
                                Long.toString(ref.trades()));
            }
        }
    }

    private static String text(double value) {
        return Decimals.text(Decimals.of(value));
    }

    @Test
    void aRestartFromACheckpointAndRecordsDeliveredTwiceLeaveEachTradeOnce(@TempDir Path lake) throws Exception {
        List<Trade> trades = SyntheticTrades.generate(7, 30_000);
        List<byte[]> once = TradeRecords.pack(trades, 50);
        // A stream that delivers some records twice, as a resent batch or a re-read shard does.
        List<byte[]> records = new ArrayList<>(once);
        records.addAll(once.subList(once.size() / 4, once.size() / 2));
        int n = records.size();

        FailOnceAfterACheckpoint.reset();
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(FailOnceAfterACheckpoint.restartingConfiguration());
        try (InMemoryRecords source = InMemoryRecords.of(records);
                CollectedBars sink = CollectedBars.create()) {
            long failAt = n * 3L / 8;
            RecordSource failing = FailOnceAfterACheckpoint.around(source, failAt);
            new BarsJob(TestBarSettings.windows(List.of(MINUTE)), failing, sink)
                    .withCheckpointInterval(100)
                    .withLake(lake.toString())
                    .execute(env);
        }

        assertThat(FailOnceAfterACheckpoint.failed())
                .as("the failure was injected")
                .isTrue();
        assertThat(FailOnceAfterACheckpoint.readAfterRestart())
                .as("the restart resumed from a checkpoint")
                .isPositive()
                .isLessThan(n);
        try (LakeFiles files = new LakeFiles(lake)) {
            assertThat(files.count("SELECT count(*) FROM trades")).isEqualTo(trades.size());
            assertThat(files.count("SELECT count(DISTINCT id) FROM trades")).isEqualTo(trades.size());
            assertThat(files.count("SELECT sum(trades) FROM bars")).isEqualTo(trades.size());
            assertThat(files.count("SELECT count(*) - count(DISTINCT (symbol, window_start)) FROM bars"))
                    .isZero();
        }
    }
}
