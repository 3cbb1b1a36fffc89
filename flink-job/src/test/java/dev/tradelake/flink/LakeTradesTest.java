package dev.tradelake.flink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tradelake.flink.lake.LakeTradeRows;
import dev.tradelake.flink.testing.TestBarSettings;
import dev.tradelake.model.Decimals;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A partial bar's trades as lake rows: runs of one UTC day, late trades left out. */
class LakeTradesTest {
    private static final long MIDNIGHT = 1_381_190_400_000L; // 2013-10-08T00:00:00Z
    private static final BarSettings SETTINGS = TestBarSettings.windows(List.of(60_000L));

    private KeyedOneInputStreamOperatorTestHarness<String, PartialBar, LakeTradeRows> harness;

    @BeforeEach
    void setUp() throws Exception {
        harness = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new LakeTrades(SETTINGS)), p -> p.symbol, Types.STRING);
        harness.open();
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    private static PartialBar partial(long... times) {
        PartialBar p = new PartialBar("SPY");
        for (int i = 0; i < times.length; i++) {
            p.addKept(times[i], i, Decimals.of(10 + i), Decimals.of(100), times.length);
        }
        return p;
    }

    /** Each run of rows as the seqs it holds. */
    private List<List<Integer>> rows(PartialBar p) throws Exception {
        harness.processElement(new StreamRecord<>(p, p.timestampMs()));
        List<List<Integer>> runs = new ArrayList<>();
        for (LakeTradeRows r : harness.extractOutputValues()) {
            assertThat(r.symbol).isEqualTo("SPY");
            List<Integer> seqs = new ArrayList<>();
            for (int i = r.from; i < r.to; i++) {
                seqs.add(r.seqs[i]);
            }
            runs.add(seqs);
        }
        harness.getOutput().clear();
        return runs;
    }

    @Test
    void thePartialBarsTradesAreOneRunOfRows() throws Exception {
        assertThat(rows(partial(MIDNIGHT + 5, MIDNIGHT + 9, MIDNIGHT + 7))).containsExactly(List.of(0, 1, 2));
    }

    @Test
    void aRunEndsAtMidnightSoThatEachRunIsOnePartition() throws Exception {
        assertThat(rows(partial(MIDNIGHT - 2, MIDNIGHT - 1, MIDNIGHT, MIDNIGHT + 1)))
                .containsExactly(List.of(0, 1), List.of(2, 3));
    }

    @Test
    void lateTradesAreLeftOut() throws Exception {
        // The watermark has passed the 1m bar of MIDNIGHT - 60 s and its allowed lateness, not the next one's.
        harness.processWatermark(MIDNIGHT - 1 + SETTINGS.allowedLatenessMs());
        assertThat(rows(partial(MIDNIGHT + 1, MIDNIGHT - 30_000, MIDNIGHT + 2, MIDNIGHT + 3)))
                .containsExactly(List.of(0), List.of(2, 3));
    }
}
