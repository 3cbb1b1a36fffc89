package dev.tradelake.flink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tradelake.flink.testing.TestBarSettings;
import dev.tradelake.model.Decimals;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The duplicate filter with its keyed state and event-time timers, driven by hand. */
class DropDuplicateTradesTest {
    private static final long T0 = 1_381_132_800_000L;
    private static final BarSettings SETTINGS = TestBarSettings.windows(List.of(60_000L, 300_000L));

    private KeyedOneInputStreamOperatorTestHarness<String, PartialBar, PartialBar> harness;

    @BeforeEach
    void setUp() throws Exception {
        harness = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new DropDuplicateTrades(SETTINGS)), p -> p.symbol, Types.STRING);
        harness.open();
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    /** A record's partial bar: trades {time offset, seq, price, volume}. */
    private static PartialBar partial(String symbol, double[]... trades) {
        PartialBar p = new PartialBar(symbol);
        for (double[] t : trades) {
            p.addKept(T0 + (long) t[0], (int) t[1], Decimals.of(t[2]), Decimals.of(t[3]), trades.length);
        }
        return p;
    }

    private List<PartialBar> feed(PartialBar p) throws Exception {
        harness.processElement(new StreamRecord<>(p, p.timestampMs()));
        List<PartialBar> out = harness.extractOutputValues();
        harness.getOutput().clear();
        return out;
    }

    @Test
    void aRecordSeenTwiceCountsOnce() throws Exception {
        double[][] trades = {{5, 0, 10, 100}, {5, 1, 10, 100}, {7, 0, 11, 50}};
        assertThat(feed(partial("SPY", trades))).hasSize(1);
        assertThat(feed(partial("SPY", trades))).isEmpty();
        // the same ids of another symbol are other trades
        assertThat(feed(partial("IBM", trades))).hasSize(1);
    }

    @Test
    void identicalTradesWithDifferentIdsAllCount() throws Exception {
        List<PartialBar> out = feed(partial(
                "SPY", new double[] {5, 0, 10, 100}, new double[] {5, 1, 10, 100}, new double[] {5, 2, 10, 100}));
        assertThat(out).singleElement().satisfies(p -> assertThat(p.trades).isEqualTo(3));
    }

    @Test
    void aRecordPartlySeenIsFoldedAgainFromTheNewTrades() throws Exception {
        feed(partial("SPY", new double[] {5, 0, 10, 100}, new double[] {6, 0, 12, 50}));
        List<PartialBar> out = feed(
                partial("SPY", new double[] {6, 0, 12, 50}, new double[] {8, 0, 9, 10}, new double[] {8, 70, 13, 1}));

        assertThat(out).singleElement().satisfies(p -> {
            assertThat(p.trades).isEqualTo(2);
            assertThat(p.open).isEqualByComparingTo("9");
            assertThat(p.high).isEqualByComparingTo("13");
            assertThat(p.close).isEqualByComparingTo("13");
            assertThat(p.volume).isEqualByComparingTo("11");
            assertThat(p.turnover).isEqualByComparingTo("103");
        });
    }

    @Test
    void stateIsDroppedOnceNoBarCanChangeAndItsTradesWouldBeLate() throws Exception {
        feed(partial("SPY", new double[] {5, 0, 10, 100}));
        assertThat(harness.numKeyedStateEntries()).isPositive();

        // The 5m bars are rolled up from the 1m bars: only the 1m windows take trades, so only they count.
        long finalTime = T0 + 60_000 - 1 + SETTINGS.allowedLatenessMs();
        harness.processWatermark(finalTime - 1);
        assertThat(feed(partial("SPY", new double[] {5, 0, 10, 100})))
                .as("still a duplicate")
                .isEmpty();

        harness.processWatermark(finalTime);
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void theIdSetOfASecondHoldsEveryMillisecondAndSeqAndGrows() {
        int[] set = DropDuplicateTrades.IdSet.create();
        java.util.Random random = new java.util.Random(5);
        java.util.Set<Integer> added = new java.util.HashSet<>();
        for (int i = 0; i < 5_000; i++) {
            int id = DropDuplicateTrades.IdSet.id(random.nextInt(1_000), random.nextInt(1_000_000));
            if (added.add(id)) {
                assertThat(DropDuplicateTrades.IdSet.contains(set, id)).isFalse();
                set = DropDuplicateTrades.IdSet.add(set, id);
            }
        }
        int[] full = set;
        assertThat(added).allMatch(id -> DropDuplicateTrades.IdSet.contains(full, id));
        assertThat(DropDuplicateTrades.IdSet.contains(full, DropDuplicateTrades.IdSet.id(999, 999_999)))
                .isEqualTo(added.contains(DropDuplicateTrades.IdSet.id(999, 999_999)));
        assertThat(DropDuplicateTrades.IdSet.id(999, 999_999)).isPositive();
    }
}
