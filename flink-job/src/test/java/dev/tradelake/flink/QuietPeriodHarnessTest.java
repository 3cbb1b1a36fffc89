package dev.tradelake.flink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tradelake.flink.testing.CollectedBars;
import dev.tradelake.model.Bar;
import dev.tradelake.model.Decimals;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.transformations.OneInputTransformation;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.clock.ManualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * 1m and 5m windows fed by the job's watermark generator through a quiet period longer than
 * close-after-quiet, with trading resuming inside the 5-minute window: every trade lands in its
 * bars, none is late, the 5-minute bar is written during the quiet period as not final, and
 * every bar ends up equal to the bar of its trades and final.
 */
class QuietPeriodHarnessTest {
    private static final long T0 = 1_381_132_800_000L; // a 5-minute boundary
    private static final long MINUTE = 60_000;
    private static final long FIVE = 300_000;
    private static final long QUIET = 10_000;
    private static final long LATENESS = 60_000;
    private static final BarSettings SETTINGS = new BarSettings(List.of(MINUTE, FIVE), 0, 30_000, LATENESS, QUIET, 0);

    private final ManualClock clock = new ManualClock(1_000_000_000L);
    private final List<Long> watermarks = new ArrayList<>();
    private final TradeWatermarks generator = new TradeWatermarks(SETTINGS, clock);
    private final Map<Long, KeyedOneInputStreamOperatorTestHarness<String, PartialBar, Bar>> harnesses =
            new HashMap<>();
    private final Map<CollectedBars.Key, Bar> table = new HashMap<>();
    private final List<Bar> provisional = new ArrayList<>();
    private long processingMs;

    private final WatermarkOutput output = new WatermarkOutput() {
        @Override
        public void emitWatermark(Watermark watermark) {
            watermarks.add(watermark.getTimestamp());
        }

        @Override
        public void markIdle() {}

        @Override
        public void markActive() {}
    };

    @BeforeEach
    void setUp() throws Exception {
        for (long w : SETTINGS.windowsMs()) {
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            DataStream<PartialBar> in = env.fromData(
                    Types.POJO(PartialBar.class), PartialBar.ofTrade("X", 0, 0, Decimals.of(1), Decimals.of(1)));
            SingleOutputStreamOperator<Bar> bars =
                    BarsJob.barWindow(in.keyBy(t -> t.symbol, Types.STRING), w, SETTINGS);
            @SuppressWarnings("unchecked")
            OneInputStreamOperator<PartialBar, Bar> operator =
                    ((OneInputTransformation<PartialBar, Bar>) bars.getTransformation()).getOperator();
            var harness = new KeyedOneInputStreamOperatorTestHarness<>(operator, t -> t.symbol, Types.STRING);
            harness.open();
            harness.setProcessingTime(processingMs);
            harnesses.put(w, harness);
        }
    }

    @AfterEach
    void tearDown() throws Exception {
        for (var h : harnesses.values()) {
            h.close();
        }
    }

    private void trade(long t, double price, double volume) throws Exception {
        PartialBar partial = PartialBar.ofTrade("SPY", t, 0, Decimals.of(price), Decimals.of(volume));
        generator.onEvent(partial, t, output);
        for (var h : harnesses.values()) {
            h.processElement(new StreamRecord<>(partial, t));
        }
        collect();
    }

    /** Processing time passes in steps of 200 ms, the generator's period, feeding every watermark it emits. */
    private void pass(long ms) throws Exception {
        for (long step = 0; step < ms; step += 200) {
            clock.advanceTime(Duration.ofMillis(200));
            processingMs += 200;
            generator.onPeriodicEmit(output);
            for (var h : harnesses.values()) {
                h.setProcessingTime(processingMs);
                for (long w : watermarks) {
                    h.processWatermark(w);
                }
            }
            watermarks.clear();
            collect();
        }
    }

    /** What the bars table keeps: a bar replaces the stored one only when it supersedes it. */
    private void collect() {
        for (var h : harnesses.values()) {
            for (Bar bar : h.extractOutputValues()) {
                if (!bar.isFinal()) {
                    provisional.add(bar);
                }
                table.merge(CollectedBars.Key.of(bar), bar, (old, fresh) -> fresh.supersedes(old) ? fresh : old);
            }
            h.getOutput().clear();
        }
    }

    @Test
    void tradesResumingInsideTheLargerWindowAfterAQuietPeriodLandInTheirBars() throws Exception {
        trade(T0 + 10_000, 10, 1);
        trade(T0 + 50_000, 11, 2);
        pass(QUIET + 5_000); // quiet: longer than close-after-quiet

        assertThat(table)
                .as("the last 1m bar and, not final, the open 5m bar are written while quiet")
                .containsKeys(new CollectedBars.Key("SPY", MINUTE, T0), new CollectedBars.Key("SPY", FIVE, T0));
        assertThat(table.get(new CollectedBars.Key("SPY", FIVE, T0)).isFinal()).isFalse();

        trade(T0 + 70_000, 12, 3); // trading resumes inside the 5-minute window
        pass(400);
        trade(T0 + 130_000, 9, 4);
        pass(QUIET + 5_000); // quiet again
        trade(T0 + 310_000, 10, 1); // next 5-minute window
        pass(400);
        trade(T0 + 420_000, 10, 1); // moves event time past the first 5 minutes plus the allowed lateness
        pass(400);

        for (var h : harnesses.values()) {
            for (long w : SETTINGS.windowsMs()) {
                assertThat(h.getSideOutput(BarsJob.lateTradesTag(w)))
                        .as("late trades")
                        .isNullOrEmpty();
            }
        }
        assertThat(table.get(new CollectedBars.Key("SPY", MINUTE, T0)))
                .isEqualTo(new Bar("SPY", MINUTE, T0, 10, 11, 10, 11, 3, 32, 2).withFinal(true));
        assertThat(table.get(new CollectedBars.Key("SPY", MINUTE, T0 + MINUTE)))
                .isEqualTo(new Bar("SPY", MINUTE, T0 + MINUTE, 12, 12, 12, 12, 3, 36, 1).withFinal(true));
        assertThat(table.get(new CollectedBars.Key("SPY", MINUTE, T0 + 2 * MINUTE)))
                .isEqualTo(new Bar("SPY", MINUTE, T0 + 2 * MINUTE, 9, 9, 9, 9, 4, 36, 1).withFinal(true));
        assertThat(table.get(new CollectedBars.Key("SPY", FIVE, T0)))
                .isEqualTo(new Bar("SPY", FIVE, T0, 10, 12, 9, 9, 10, 104, 4).withFinal(true));
        assertThat(provisional)
                .as("bars written before they were final")
                .anySatisfy(b -> assertThat(b.windowMs()).isEqualTo(FIVE));
    }
}
