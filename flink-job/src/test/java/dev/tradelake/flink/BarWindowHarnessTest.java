package dev.tradelake.flink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tradelake.flink.testing.TestBarSettings;
import dev.tradelake.model.Bar;
import dev.tradelake.model.Decimals;
import java.math.BigDecimal;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.transformations.OneInputTransformation;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The job's one-minute window operator, with its state and event-time timers, driven by hand:
 * when bars fire, how late trades re-emit them, where too-late trades go, and that state is
 * dropped once a window can no longer change.
 */
class BarWindowHarnessTest {
    private static final long MINUTE = 60_000;
    private static final long T0 = 1_381_132_800_000L;
    private static final long LATENESS = 60_000;

    private KeyedOneInputStreamOperatorTestHarness<String, PartialBar, Bar> harness;

    @BeforeEach
    void setUp() throws Exception {
        harness = newHarness();
        harness.open();
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, PartialBar, Bar> newHarness() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        DataStream<PartialBar> trades = env.fromData(
                Types.POJO(PartialBar.class), PartialBar.ofTrade("X", 0, 0, BigDecimal.ONE, BigDecimal.ONE));
        SingleOutputStreamOperator<Bar> bars = BarsJob.barWindow(
                trades.keyBy(t -> t.symbol, Types.STRING), MINUTE, TestBarSettings.allowedLateness(LATENESS));
        @SuppressWarnings("unchecked")
        OneInputStreamOperator<PartialBar, Bar> operator =
                ((OneInputTransformation<PartialBar, Bar>) bars.getTransformation()).getOperator();
        return new KeyedOneInputStreamOperatorTestHarness<>(operator, t -> t.symbol, Types.STRING);
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    private void trade(String symbol, long t, int seq, double price, double volume) throws Exception {
        harness.processElement(
                new StreamRecord<>(PartialBar.ofTrade(symbol, t, seq, Decimals.of(price), Decimals.of(volume)), t));
    }

    private List<Bar> drainBars() {
        List<Bar> bars = harness.extractOutputValues();
        harness.getOutput().clear();
        return bars;
    }

    @Test
    void aBarIsEmittedWhenTheWatermarkPassesTheEndOfItsMinute() throws Exception {
        trade("SPY", T0 + 1_000, 0, 10.0, 100);
        trade("SPY", T0 + 1_000, 1, 11.0, 100);
        trade("IBM", T0 + 2_000, 0, 180.0, 10);
        trade("SPY", T0 + 61_000, 0, 12.0, 100); // next minute

        harness.processWatermark(T0 + MINUTE - 2);
        assertThat(drainBars()).isEmpty();

        harness.processWatermark(T0 + MINUTE - 1);
        assertThat(drainBars())
                .containsExactlyInAnyOrder(
                        new Bar("SPY", MINUTE, T0, 10.0, 11.0, 10.0, 11.0, 200, 2_100.0, 2),
                        new Bar("IBM", MINUTE, T0, 180.0, 180.0, 180.0, 180.0, 10, 1_800.0, 1));
    }

    @Test
    void aTradeWithinTheAllowedLatenessReEmitsTheWholeUpdatedBar() throws Exception {
        trade("SPY", T0 + 30_000, 0, 10.0, 100);
        harness.processWatermark(T0 + MINUTE + 10_000);
        assertThat(drainBars()).containsExactly(new Bar("SPY", MINUTE, T0, 10.0, 10.0, 10.0, 10.0, 100, 1_000.0, 1));

        trade("SPY", T0 + 5_000, 0, 9.0, 50); // late, but within the allowed minute

        assertThat(drainBars()).containsExactly(new Bar("SPY", MINUTE, T0, 9.0, 10.0, 9.0, 10.0, 150, 1_450.0, 2));
        assertThat(harness.getSideOutput(BarsJob.lateTradesTag(MINUTE))).isNullOrEmpty();
    }

    @Test
    void aTradeAfterTheAllowedLatenessGoesToTheSideOutputAndChangesNoBar() throws Exception {
        trade("SPY", T0 + 30_000, 0, 10.0, 100);
        harness.processWatermark(T0 + MINUTE - 1 + LATENESS);
        drainBars();

        trade("SPY", T0 + 40_000, 0, 99.0, 1);

        assertThat(drainBars()).isEmpty();
        assertThat(harness.getSideOutput(BarsJob.lateTradesTag(MINUTE)))
                .extracting(r -> r.getValue().open)
                .containsExactly(Decimals.of(99.0));
    }

    @Test
    void stateIsDroppedOnceTheWindowCanNoLongerChange() throws Exception {
        trade("SPY", T0 + 30_000, 0, 10.0, 100);
        trade("IBM", T0 + 31_000, 0, 10.0, 100);
        assertThat(harness.numKeyedStateEntries()).isPositive();
        assertThat(harness.numEventTimeTimers()).isPositive();

        harness.processWatermark(T0 + MINUTE - 1 + LATENESS);

        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void windowStateSurvivesASnapshotAndRestore() throws Exception {
        trade("SPY", T0 + 1_000, 0, 10.0, 100);
        var snapshot = harness.snapshot(1, 1);
        harness.close();

        harness = newHarness();
        harness.initializeState(snapshot);
        harness.open();
        trade("SPY", T0 + 2_000, 0, 12.0, 100);
        harness.processWatermark(T0 + MINUTE - 1);

        assertThat(drainBars()).containsExactly(new Bar("SPY", MINUTE, T0, 10.0, 12.0, 10.0, 12.0, 200, 2_200.0, 2));
    }
}
