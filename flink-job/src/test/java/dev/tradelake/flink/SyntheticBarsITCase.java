package dev.tradelake.flink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tradelake.flink.testing.CollectedBars;
import dev.tradelake.flink.testing.InMemoryRecords;
import dev.tradelake.flink.testing.PlainBars;
import dev.tradelake.flink.testing.TestBarSettings;
import dev.tradelake.flink.testing.TradeRecords;
import dev.tradelake.model.Bar;
import dev.tradelake.model.BarRollup;
import dev.tradelake.model.Trade;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The whole job at parallelism 2 on made-up trades: needs no shared data, so it runs everywhere. */
class SyntheticBarsITCase {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = MiniClusters.parallelismTwo();

    /** 1s over the trades, 1m rolled up from the 1s bars, 5m from the 1m ones, and so on. */
    private static final List<Long> WINDOWS = List.of(1_000L, 60_000L, 300_000L, 3_600_000L, 86_400_000L);

    @Test
    void severalWindowSizesAtOnceWithBadRecordsInTheStream() throws Exception {
        List<Trade> trades = SyntheticTrades.generate(42, 60_000);
        List<byte[]> records = new ArrayList<>(TradeRecords.pack(trades, 50));
        // Garbage between good records: counted and skipped, the job carries on.
        records.add(records.size() / 3, "{\"v\":9,\"s\":\"AAA\",\"trades\":[]}".getBytes(StandardCharsets.UTF_8));
        records.add(records.size() / 2, "not a record".getBytes(StandardCharsets.UTF_8));
        records.add(
                records.size() - 10, "{\"v\":1,\"s\":\"AAA\",\"trades\":[[1,2,3]]}".getBytes(StandardCharsets.UTF_8));

        Map<CollectedBars.Key, Bar> bars;
        try (InMemoryRecords source = InMemoryRecords.of(records);
                CollectedBars sink = CollectedBars.create()) {
            new BarsJob(TestBarSettings.windows(WINDOWS), source, sink)
                    .withCheckpointInterval(500)
                    .execute(StreamExecutionEnvironment.getExecutionEnvironment());
            bars = sink.latest();
        }

        Map<CollectedBars.Key, Bar> expected = PlainBars.compute(records, WINDOWS);
        assertThat(bars).hasSameSizeAs(expected);
        assertThat(PlainBars.same(bars, expected)).isTrue();
        assertThat(bars.values())
                .as("the end of the input closes every window for good")
                .allMatch(Bar::isFinal);
        for (long w : WINDOWS) {
            assertThat(bars.values().stream()
                            .filter(b -> b.windowMs() == w)
                            .mapToLong(Bar::trades)
                            .sum())
                    .as("every trade in a %d ms bar", w)
                    .isEqualTo(trades.size());
        }
        assertThat(bars.values())
                .filteredOn(b -> b.symbol().equals(SyntheticTrades.ZERO_VOLUME_SYMBOL))
                .isNotEmpty()
                .allSatisfy(b -> assertThat(b.vwap()).isEmpty());
        assertRolledUpFromTheFinerBars(bars);
    }

    /** Each size the job rolls up equals the rollup of the finer bars it stored, digit for digit. */
    private static void assertRolledUpFromTheFinerBars(Map<CollectedBars.Key, Bar> bars) {
        BarSettings settings = TestBarSettings.windows(WINDOWS);
        for (long size : WINDOWS) {
            settings.rolledUpFrom(size).ifPresent(finer -> {
                Map<CollectedBars.Key, Bar> rolled = new HashMap<>();
                bars.values().stream()
                        .filter(b -> b.windowMs() == finer)
                        .collect(Collectors.groupingBy(Bar::symbol))
                        .values()
                        .forEach(symbolBars -> BarRollup.rollUpBars(symbolBars, size)
                                .forEach(b -> rolled.put(CollectedBars.Key.of(b), b)));
                Map<CollectedBars.Key, Bar> stored = new HashMap<>(bars);
                stored.keySet().removeIf(k -> k.windowMs() != size);
                assertThat(rolled)
                        .as("%d ms bars rolled up from %d ms ones", size, finer)
                        .isNotEmpty();
                assertThat(stored.keySet()).isEqualTo(rolled.keySet());
                assertThat(PlainBars.differences(stored, rolled, 5)).isEmpty();
            });
        }
    }

    /**
     * Every record delivered twice, and the same trades once more packed differently (as a second
     * ingest would), interleaved in time: the bars are those of one clean run.
     */
    @Test
    void everyRecordTwiceGivesTheBarsOfOneCleanRun() throws Exception {
        List<Trade> trades = SyntheticTrades.generate(43, 30_000);
        List<byte[]> clean = TradeRecords.pack(trades, 50);
        List<byte[]> other = TradeRecords.pack(trades, 37);
        List<byte[]> records = new ArrayList<>();
        for (int i = 0, j = 0; i < clean.size(); i++) {
            records.add(clean.get(i));
            records.add(clean.get(i));
            for (; j < other.size() && j * clean.size() <= i * other.size(); j++) {
                records.add(other.get(j));
            }
        }

        Map<CollectedBars.Key, Bar> bars;
        try (InMemoryRecords source = InMemoryRecords.of(records);
                CollectedBars sink = CollectedBars.create()) {
            new BarsJob(TestBarSettings.windows(WINDOWS), source, sink)
                    .execute(StreamExecutionEnvironment.getExecutionEnvironment());
            bars = sink.latest();
        }

        Map<CollectedBars.Key, Bar> expected = PlainBars.compute(clean, WINDOWS);
        assertThat(PlainBars.differences(bars, expected, 5)).isEmpty();
        assertThat(bars.values().stream()
                        .filter(b -> b.windowMs() == 60_000L)
                        .mapToLong(Bar::trades)
                        .sum())
                .isEqualTo(trades.size());
        assertRolledUpFromTheFinerBars(bars);
    }
}
