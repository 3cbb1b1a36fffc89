package dev.tradelake.flink.lake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tradelake.model.Bar;
import java.math.BigDecimal;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each final bar once, with its keyed state and event-time timers driven by hand. */
class FinalBarsOnceTest {
    private static final long MINUTE = 60_000;
    private static final long T0 = 1_381_132_800_000L;

    private KeyedOneInputStreamOperatorTestHarness<String, Bar, Bar> harness;

    @BeforeEach
    void setUp() throws Exception {
        harness = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new FinalBarsOnce()), Bar::symbol, Types.STRING);
        harness.open();
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    private static Bar bar(long start, boolean isFinal) {
        BigDecimal one = BigDecimal.ONE;
        return new Bar("SPY", MINUTE, start, one, one, one, one, one, one, 1, isFinal);
    }

    private int written(Bar bar) throws Exception {
        harness.processElement(new StreamRecord<>(bar, bar.windowStartMs()));
        int n = harness.extractOutputValues().size();
        harness.getOutput().clear();
        return n;
    }

    @Test
    void aFinalBarFiredTwiceInOneStepIsWrittenOnceAndABarThatMayChangeNever() throws Exception {
        assertThat(written(bar(T0, false))).isZero();
        assertThat(written(bar(T0, true))).isEqualTo(1);
        assertThat(written(bar(T0, true))).isZero();
    }

    @Test
    void oneWatermarkJumpForgetsEveryBarItPasses() throws Exception {
        for (int m = 0; m < 100; m++) {
            assertThat(written(bar(T0 + m * MINUTE, true))).isEqualTo(1);
        }
        harness.processWatermark(T0 + 200 * MINUTE);

        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }
}
