package dev.tradelake.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tradelake.flink.testing.CollectedBars;
import dev.tradelake.flink.testing.InMemoryRecords;
import dev.tradelake.flink.testing.TestBarSettings;
import dev.tradelake.flink.testing.TradeRecords;
import dev.tradelake.model.Bar;
import dev.tradelake.model.Decimals;
import dev.tradelake.model.FeedTrade;
import dev.tradelake.model.Trade;
import dev.tradelake.model.TradeSequencer;
import dev.tradelake.model.testing.RecordedDay;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole job at parallelism 2 over the recorded day (2013-10-07; skipped when
 * {@code ../shared/data} is absent): its 2,310 one-minute bars must equal the reference file, and
 * the hours it rolls up (1m, then 5m, then 1h) must equal the reference's minutes rolled up here.
 */
class RecordedDayBarsITCase {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = MiniClusters.parallelismTwo();

    private static final long MINUTE = 60_000;
    private static final long FIVE_MINUTES = 300_000;
    private static final long HOUR = 3_600_000;
    private static final long DAY = 86_400_000;

    @Test
    void oneMinuteBarsEqualTheReferenceAndFiveMinuteBarsAddUp() throws Exception {
        RecordedDay.assumePresent();
        TradeSequencer sequencer = new TradeSequencer();
        List<Trade> trades = new ArrayList<>(RecordedDay.TOTAL_TRADES);
        for (FeedTrade t : RecordedDay.trades()) {
            trades.add(sequencer.identify(t, t.timeMs()));
        }
        // Packed as the ingest does: per-symbol buffers, so records of different symbols are out of time order.
        List<byte[]> records = TradeRecords.packPerSymbol(
                trades, TradeRecords.DEFAULT_TRADES_PER_RECORD, TradeRecords.DEFAULT_LINGER_TRADES);

        Map<CollectedBars.Key, Bar> bars;
        try (InMemoryRecords source = InMemoryRecords.of(records);
                CollectedBars sink = CollectedBars.create()) {
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            new BarsJob(TestBarSettings.windows(List.of(MINUTE, FIVE_MINUTES, HOUR, DAY)), source, sink)
                    .withCheckpointInterval(1_000)
                    .execute(env);
            bars = sink.latest();
        }

        List<RecordedDay.ReferenceBar> reference = RecordedDay.bars1m();
        assertThat(reference).hasSize(2_310);
        Map<CollectedBars.Key, Bar> oneMinute = new HashMap<>();
        bars.forEach((k, v) -> {
            if (k.windowMs() == MINUTE) {
                oneMinute.put(k, v);
            }
        });
        assertThat(oneMinute).hasSize(reference.size());
        for (RecordedDay.ReferenceBar ref : reference) {
            Bar bar = oneMinute.get(new CollectedBars.Key(ref.symbol(), MINUTE, ref.windowStartMs()));
            assertThat(bar).as("bar %s %d", ref.symbol(), ref.windowStartMs()).isNotNull();
            String what = ref.symbol() + " " + ref.windowStartMs();
            assertThat(bar.open()).as("open " + what).isEqualTo(Decimals.of(ref.open()));
            assertThat(bar.high()).as("high " + what).isEqualTo(Decimals.of(ref.high()));
            assertThat(bar.low()).as("low " + what).isEqualTo(Decimals.of(ref.low()));
            assertThat(bar.close()).as("close " + what).isEqualTo(Decimals.of(ref.close()));
            assertThat(bar.volume()).as("volume " + what).isEqualTo(Decimals.of(ref.volume()));
            assertThat(bar.trades()).as("trades " + what).isEqualTo(ref.trades());
            if (ref.vwap() == null) {
                assertThat(bar.vwap()).as("vwap " + what).isEmpty();
            } else {
                assertThat(bar.vwap().orElseThrow().doubleValue())
                        .as("vwap " + what)
                        .isCloseTo(ref.vwap(), within(1e-9 * ref.vwap()));
            }
        }
        assertThat(oneMinute.values().stream().mapToLong(Bar::trades).sum()).isEqualTo(RecordedDay.TOTAL_TRADES);

        // Each five-minute bar is its one-minute bars folded together.
        Map<CollectedBars.Key, List<Bar>> minutesByFive = oneMinute.values().stream()
                .collect(Collectors.groupingBy(m -> new CollectedBars.Key(
                        m.symbol(), FIVE_MINUTES, m.windowStartMs() - Math.floorMod(m.windowStartMs(), FIVE_MINUTES))));
        Map<CollectedBars.Key, Bar> fiveMinute = new HashMap<>(bars);
        fiveMinute.keySet().removeIf(k -> k.windowMs() != FIVE_MINUTES);
        assertThat(fiveMinute.keySet()).isEqualTo(minutesByFive.keySet());
        minutesByFive.forEach((key, minutes) -> {
            minutes.sort(Comparator.comparingLong(Bar::windowStartMs));
            Bar five = fiveMinute.get(key);
            assertThat(five.open()).isEqualTo(minutes.get(0).open());
            assertThat(five.close()).isEqualTo(minutes.get(minutes.size() - 1).close());
            assertThat(five.high())
                    .isEqualTo(minutes.stream()
                            .map(Bar::high)
                            .reduce(BigDecimal::max)
                            .orElseThrow());
            assertThat(five.low())
                    .isEqualTo(minutes.stream()
                            .map(Bar::low)
                            .reduce(BigDecimal::min)
                            .orElseThrow());
            assertThat(five.volume())
                    .isEqualTo(Decimals.canonical(
                            minutes.stream().map(Bar::volume).reduce(BigDecimal.ZERO, BigDecimal::add)));
            assertThat(five.turnover())
                    .isEqualTo(Decimals.canonical(
                            minutes.stream().map(Bar::turnover).reduce(BigDecimal.ZERO, BigDecimal::add)));
            assertThat(five.trades())
                    .isEqualTo(minutes.stream().mapToLong(Bar::trades).sum());
        });

        // Each hour stored is the reference's minutes of that hour rolled up, computed here from the file.
        Map<CollectedBars.Key, List<RecordedDay.ReferenceBar>> referenceHours = reference.stream()
                .collect(Collectors.groupingBy(r -> new CollectedBars.Key(
                        r.symbol(), HOUR, r.windowStartMs() - Math.floorMod(r.windowStartMs(), HOUR))));
        Map<CollectedBars.Key, Bar> hours = new HashMap<>(bars);
        hours.keySet().removeIf(k -> k.windowMs() != HOUR);
        assertThat(hours.keySet()).isEqualTo(referenceHours.keySet());
        referenceHours.forEach((key, minutes) -> {
            minutes.sort(Comparator.comparingLong(RecordedDay.ReferenceBar::windowStartMs));
            Bar hour = hours.get(key);
            String what = "hour " + key;
            assertThat(hour.isFinal()).as("final " + what).isTrue();
            assertThat(hour.open())
                    .as("open " + what)
                    .isEqualTo(Decimals.of(minutes.get(0).open()));
            assertThat(hour.close())
                    .as("close " + what)
                    .isEqualTo(Decimals.of(minutes.get(minutes.size() - 1).close()));
            assertThat(hour.high())
                    .as("high " + what)
                    .isEqualTo(Decimals.of(minutes.stream()
                            .mapToDouble(RecordedDay.ReferenceBar::high)
                            .max()
                            .orElseThrow()));
            assertThat(hour.low())
                    .as("low " + what)
                    .isEqualTo(Decimals.of(minutes.stream()
                            .mapToDouble(RecordedDay.ReferenceBar::low)
                            .min()
                            .orElseThrow()));
            double volume = minutes.stream()
                    .mapToDouble(RecordedDay.ReferenceBar::volume)
                    .sum();
            assertThat(hour.volume()).as("volume " + what).isEqualTo(Decimals.of(volume));
            assertThat(hour.trades())
                    .as("trades " + what)
                    .isEqualTo(minutes.stream()
                            .mapToLong(RecordedDay.ReferenceBar::trades)
                            .sum());
            if (volume > 0) {
                double vwap = minutes.stream()
                                .filter(m -> m.vwap() != null)
                                .mapToDouble(m -> m.vwap() * m.volume())
                                .sum()
                        / volume;
                assertThat(hour.vwap().orElseThrow().doubleValue())
                        .as("vwap " + what)
                        .isCloseTo(vwap, within(1e-9 * vwap));
            }
        });
        assertThat(bars.values().stream()
                        .filter(b -> b.windowMs() == DAY)
                        .mapToLong(Bar::trades)
                        .sum())
                .isEqualTo(RecordedDay.TOTAL_TRADES);
    }
}
