package dev.tradelake.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.tradelake.flink.testing.CollectedBars;
import dev.tradelake.flink.testing.TestBarSettings;
import dev.tradelake.model.Bar;
import dev.tradelake.model.BarRollup;
import dev.tradelake.model.Decimals;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.transformations.OneInputTransformation;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The job's bar operators for {@code 1m,1h,1d} from the duplicate filter on, each in a harness and
 * wired by hand as the job wires them (drop-duplicates, the 1m window, the 1h rollup of its bars,
 * the 1d rollup of those), with watermarks passed down in order: what each size emits, and that
 * the stored coarse bars are the rollup of the stored 1m bars whatever came late or twice.
 */
class RollUpBarsHarnessTest {
    private static final long MINUTE = 60_000;
    private static final long HOUR = 3_600_000;
    private static final long DAY = 86_400_000;
    /** 2013-10-07T00:00Z; H0 is 14:00 that day. */
    private static final long DAY0 = 1_381_104_000_000L;

    private static final long H0 = DAY0 + 14 * HOUR;
    private static final BarSettings SETTINGS = TestBarSettings.windows(List.of(MINUTE, HOUR, DAY));
    private static final long LATENESS = SETTINGS.allowedLatenessMs();

    private Cascade cascade;

    @AfterEach
    void tearDown() throws Exception {
        if (cascade != null) {
            cascade.close();
        }
    }

    @Test
    void theSettingsRollUpEachSizeFromTheLargestSmallerOneThatDividesIt() {
        BarSettings settings = TestBarSettings.windows(List.of(MINUTE, 5 * MINUTE, 90_000L, HOUR, DAY));
        assertThat(settings.tradeWindowsMs()).containsExactly(MINUTE, 90_000L);
        assertThat(settings.rolledUpFrom(5 * MINUTE)).hasValue(MINUTE);
        assertThat(settings.rolledUpFrom(HOUR)).hasValue(5 * MINUTE);
        assertThat(settings.rolledUpFrom(DAY)).hasValue(HOUR);
        assertThat(settings.rolledUpFrom(MINUTE)).isEmpty();
        assertThat(settings.partialBarMs()).isEqualTo(30_000L);
    }

    @Test
    void coarseBarsAreTheRollupOfTheMinuteBarsWithLateAndRepeatedTrades() throws Exception {
        cascade = new Cascade();
        cascade.trade("SPY", H0 + 1_000, 0, 10.0, 100);
        cascade.trade("SPY", H0 + 2_000, 0, 11.0, 100);
        cascade.trade("SPY", H0 + MINUTE + 5_000, 0, 12.0, 50);
        cascade.trade("SPY", H0 + 59 * MINUTE, 0, 9.5, 10);
        cascade.trade("SPY", H0 + HOUR + 1_000, 0, 13.0, 1); // the next hour
        cascade.trade("IBM", H0 + 3_000, 0, 180.0, 5);
        cascade.trade("SPY", H0 + 1_000, 0, 10.0, 100); // the same trade id again: dropped
        assertThat(cascade.duplicates()).isEqualTo(1);

        cascade.watermark(H0 + MINUTE + 30_000); // 14:00 fired, within its lateness
        assertThat(cascade.latest("SPY", HOUR, H0))
                .as("the forming hour, live after its first minute")
                .isEqualTo(new Bar("SPY", HOUR, H0, 10.0, 11.0, 10.0, 11.0, 200, 2_100.0, 2));

        cascade.trade("SPY", H0 + 500, 0, 20.0, 10); // late for 14:00 but within the allowed lateness
        assertThat(cascade.latest("SPY", MINUTE, H0).trades()).isEqualTo(3);
        assertThat(cascade.latest("SPY", HOUR, H0))
                .as("the late trade updates the minute, so the hour")
                .isEqualTo(new Bar("SPY", HOUR, H0, 20.0, 20.0, 10.0, 11.0, 210, 2_300.0, 3));
        assertThat(cascade.latest("SPY", DAY, DAY0).trades()).isEqualTo(3);

        cascade.watermark(H0 + 3 * MINUTE); // 14:00 and 14:01 final, the hour still open
        cascade.trade("SPY", H0 + 20_000, 1, 99.0, 1000); // too late for 14:00
        assertThat(cascade.window.getSideOutput(BarsJob.lateTradesTag(MINUTE)))
                .as("counted late by the minute window")
                .hasSize(1);

        cascade.watermark(DAY0 + DAY - 1 + LATENESS);

        assertThat(cascade.table.values()).as("all final at the end").allMatch(Bar::isFinal);
        assertThat(cascade.latest("SPY", HOUR, H0))
                .as("neither the duplicate nor the too-late trade")
                .isEqualTo(new Bar("SPY", HOUR, H0, 20.0, 20.0, 9.5, 9.5, 270, 2_995.0, 5).withFinal(true));
        assertThat(cascade.bars(HOUR)).isEqualTo(rollUp(cascade.bars(MINUTE), HOUR));
        assertThat(cascade.bars(DAY))
                .isEqualTo(rollUp(cascade.bars(HOUR), DAY))
                .isEqualTo(rollUp(cascade.bars(MINUTE), DAY));
        assertThat(cascade.passedOn)
                .as("the chain's last rollup passes on every 1m and 1h bar")
                .containsExactlyInAnyOrderElementsOf(cascade.emitted.stream()
                        .filter(b -> b.windowMs() != DAY)
                        .toList());
        for (long size : List.of(MINUTE, HOUR, DAY)) {
            assertThat(cascade.bars(size).stream().mapToLong(Bar::trades).sum())
                    .as("trades in the %d ms bars", size)
                    .isEqualTo(7);
        }
    }

    @Test
    void aFormingHourIsEmittedWhenAMinuteChangesAndFinalOnceAfterItsLateness() throws Exception {
        cascade = new Cascade();
        cascade.trade("SPY", H0 + 1_000, 0, 10.0, 100);
        cascade.trade("SPY", H0 + MINUTE + 1_000, 0, 12.0, 100);

        cascade.watermark(H0 + MINUTE - 1);
        assertThat(cascade.drain(HOUR)).extracting(Bar::trades, Bar::isFinal).containsExactly(tuple(1L, false));
        cascade.watermark(H0 + 2 * MINUTE - 1); // 14:01 on time, and 14:00's final firing: the same trades
        assertThat(cascade.drain(HOUR)).extracting(Bar::trades, Bar::isFinal).containsExactly(tuple(2L, false));
        assertThat(cascade.drain(MINUTE))
                .extracting(Bar::windowStartMs, Bar::isFinal)
                .containsExactlyInAnyOrder(tuple(H0, false), tuple(H0 + MINUTE, false), tuple(H0, true));

        cascade.watermark(H0 + HOUR - 2 + LATENESS);
        assertThat(cascade.drain(HOUR)).as("nothing changed: nothing emitted").isEmpty();
        assertThat(cascade.hour.numKeyedStateEntries()).isPositive();

        cascade.watermark(H0 + HOUR - 1 + LATENESS);
        assertThat(cascade.drain(HOUR))
                .containsExactly(new Bar("SPY", HOUR, H0, 10.0, 12.0, 10.0, 12.0, 200, 2_200.0, 2).withFinal(true));
        assertThat(cascade.hour.numKeyedStateEntries())
                .as("the hour's state is dropped")
                .isZero();
        assertThat(cascade.hour.numEventTimeTimers()).isZero();
        assertThat(cascade.drain(DAY))
                .as("the day took every version of the hour, and is not final yet")
                .extracting(Bar::trades, Bar::isFinal)
                .containsExactly(tuple(1L, false), tuple(2L, false));
    }

    @Test
    void aRestoreMidHourGivesTheSameBars() throws Exception {
        Cascade uninterrupted = new Cascade();
        firstHalf(uninterrupted);
        Cascade.Snapshot snapshot = uninterrupted.snapshot();
        uninterrupted.emitted.clear();
        secondHalf(uninterrupted);
        List<Bar> afterSnapshot = List.copyOf(uninterrupted.emitted);
        uninterrupted.close();

        cascade = new Cascade(snapshot);
        secondHalf(cascade);

        assertThat(cascade.emitted).containsExactlyInAnyOrderElementsOf(afterSnapshot);
        assertThat(cascade.table).isEqualTo(uninterrupted.table);
        assertThat(afterSnapshot)
                .filteredOn(b -> b.windowMs() == HOUR && b.isFinal())
                .singleElement()
                .isEqualTo(new Bar("SPY", HOUR, H0, 10.0, 14.0, 9.0, 14.0, 400, 4_500.0, 4).withFinal(true));
    }

    private static void firstHalf(Cascade c) throws Exception {
        c.trade("SPY", H0 + 1_000, 0, 10.0, 100);
        c.trade("SPY", H0 + 20 * MINUTE, 0, 12.0, 100);
        c.watermark(H0 + 20 * MINUTE + 30_000); // 14:20 fired, within its lateness
    }

    private static void secondHalf(Cascade c) throws Exception {
        c.trade("SPY", H0 + 20 * MINUTE, 0, 12.0, 100); // seen before the snapshot: still a duplicate after it
        c.trade("SPY", H0 + 20 * MINUTE + 1, 0, 9.0, 100); // late for 14:20, within its lateness
        c.trade("SPY", H0 + 40 * MINUTE, 0, 14.0, 100);
        c.watermark(DAY0 + DAY - 1 + LATENESS);
    }

    private static List<Bar> rollUp(List<Bar> finer, long windowMs) {
        return finer.stream().collect(Collectors.groupingBy(Bar::symbol)).values().stream()
                .flatMap(bars -> BarRollup.rollUpBars(bars, windowMs).stream())
                .map(b -> b.withFinal(true))
                .sorted(ORDER)
                .toList();
    }

    private static final Comparator<Bar> ORDER =
            Comparator.comparing(Bar::symbol).thenComparingLong(Bar::windowStartMs);

    /** The four operators in harnesses; what they emit, and a table that keeps each bar's fullest version. */
    private static final class Cascade implements AutoCloseable {
        final KeyedOneInputStreamOperatorTestHarness<String, PartialBar, PartialBar> dedup;
        final KeyedOneInputStreamOperatorTestHarness<String, PartialBar, Bar> window;
        final KeyedOneInputStreamOperatorTestHarness<String, Bar, Bar> hour;
        final KeyedOneInputStreamOperatorTestHarness<String, Bar, Bar> day;
        final List<Bar> emitted = new ArrayList<>();
        /** The finer bars the last rollup passed on to the sink. */
        final List<Bar> passedOn = new ArrayList<>();

        final Map<CollectedBars.Key, Bar> table = new HashMap<>();
        private final Map<Long, Integer> drained = new HashMap<>();
        private long tradesIn;
        private long tradesPassed;

        record Snapshot(
                OperatorSubtaskState dedup,
                OperatorSubtaskState window,
                OperatorSubtaskState hour,
                OperatorSubtaskState day,
                Map<CollectedBars.Key, Bar> table) {}

        Cascade() throws Exception {
            this(null);
        }

        Cascade(Snapshot from) throws Exception {
            dedup = new KeyedOneInputStreamOperatorTestHarness<>(
                    new KeyedProcessOperator<>(new DropDuplicateTrades(SETTINGS)), p -> p.symbol, Types.STRING);
            window = new KeyedOneInputStreamOperatorTestHarness<>(minuteWindow(), p -> p.symbol, Types.STRING);
            hour = new KeyedOneInputStreamOperatorTestHarness<>(
                    new KeyedProcessOperator<>(new RollUpBars(MINUTE, HOUR, LATENESS)), Bar::symbol, Types.STRING);
            day = new KeyedOneInputStreamOperatorTestHarness<>(
                    new KeyedProcessOperator<>(new RollUpBars(HOUR, DAY, LATENESS)), Bar::symbol, Types.STRING);
            if (from != null) {
                dedup.initializeState(from.dedup);
                window.initializeState(from.window);
                hour.initializeState(from.hour);
                day.initializeState(from.day);
                table.putAll(from.table);
            }
            dedup.open();
            window.open();
            hour.open();
            day.open();
        }

        private static OneInputStreamOperator<PartialBar, Bar> minuteWindow() {
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            DataStream<PartialBar> trades = env.fromData(
                    Types.POJO(PartialBar.class), PartialBar.ofTrade("X", 0, 0, Decimals.of(1), Decimals.of(1)));
            SingleOutputStreamOperator<Bar> bars =
                    BarsJob.barWindow(trades.keyBy(t -> t.symbol, Types.STRING), MINUTE, SETTINGS);
            @SuppressWarnings("unchecked")
            OneInputStreamOperator<PartialBar, Bar> operator =
                    ((OneInputTransformation<PartialBar, Bar>) bars.getTransformation()).getOperator();
            return operator;
        }

        Snapshot snapshot() throws Exception {
            return new Snapshot(
                    dedup.snapshot(1, 1),
                    window.snapshot(1, 1),
                    hour.snapshot(1, 1),
                    day.snapshot(1, 1),
                    Map.copyOf(table));
        }

        void trade(String symbol, long timeMs, int seq, double price, double volume) throws Exception {
            PartialBar trade = new PartialBar(symbol);
            trade.addKept(timeMs, seq, Decimals.of(price), Decimals.of(volume), 1);
            tradesIn++;
            dedup.processElement(new StreamRecord<>(trade, timeMs));
            flow();
        }

        void watermark(long timeMs) throws Exception {
            dedup.processWatermark(timeMs);
            flow();
            window.processWatermark(timeMs);
            flow();
            hour.processWatermark(timeMs);
            flow();
            day.processWatermark(timeMs);
            flow();
        }

        /** Trades the duplicate filter dropped. */
        long duplicates() {
            return tradesIn - tradesPassed;
        }

        /** Passes what each operator emitted on to the next, as the job's edges do. */
        private void flow() throws Exception {
            for (StreamRecord<? extends PartialBar> r : take(dedup)) {
                tradesPassed += r.getValue().trades;
                window.processElement(new StreamRecord<>(r.getValue(), r.getTimestamp()));
            }
            for (StreamRecord<? extends Bar> r : take(window)) {
                store(r.getValue());
                hour.processElement(new StreamRecord<>(r.getValue(), r.getTimestamp()));
            }
            // A rollup passes on every bar it takes, then its own: only its own size is new.
            for (StreamRecord<? extends Bar> r : take(hour)) {
                if (r.getValue().windowMs() == HOUR) {
                    store(r.getValue());
                }
                day.processElement(new StreamRecord<>(r.getValue(), r.getTimestamp()));
            }
            for (StreamRecord<? extends Bar> r : take(day)) {
                if (r.getValue().windowMs() == DAY) {
                    store(r.getValue());
                } else {
                    passedOn.add(r.getValue());
                }
            }
        }

        private static <T> List<StreamRecord<? extends T>> take(
                KeyedOneInputStreamOperatorTestHarness<String, ?, T> h) {
            List<StreamRecord<? extends T>> records = h.extractOutputStreamRecords();
            h.getOutput().clear();
            return records;
        }

        private void store(Bar bar) {
            emitted.add(bar);
            table.merge(CollectedBars.Key.of(bar), bar, (stored, fresh) -> fresh.supersedes(stored) ? fresh : stored);
        }

        Bar latest(String symbol, long windowMs, long startMs) {
            return table.get(new CollectedBars.Key(symbol, windowMs, startMs));
        }

        /** The stored bars of one size, by symbol and start. */
        List<Bar> bars(long windowMs) {
            return table.values().stream()
                    .filter(b -> b.windowMs() == windowMs)
                    .sorted(ORDER)
                    .toList();
        }

        /** The bars of one size emitted since the last drain of that size. */
        List<Bar> drain(long windowMs) {
            List<Bar> all =
                    emitted.stream().filter(b -> b.windowMs() == windowMs).toList();
            int from = drained.getOrDefault(windowMs, 0);
            drained.put(windowMs, all.size());
            return all.subList(from, all.size());
        }

        @Override
        public void close() throws Exception {
            dedup.close();
            window.close();
            hour.close();
            day.close();
        }
    }
}
