package dev.tradelake.flink.lake;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** The partition cache gives what {@code LakeLayout.partition} gives, whatever the order of rows. */
class PartitionAssignerTest {

    private static final long DAY = 86_400_000L;
    private static final long T0 = 1_381_132_800_000L; // 2013-10-07T08:00:00Z

    private final LakeSinks.PartitionAssigner<LakeTradeRows> assigner =
            new LakeSinks.PartitionAssigner<>(t -> t.symbol, LakeTradeRows::firstTimeMs);

    private String bucket(String symbol, long timeMs) {
        return assigner.getBucketId(LakeTradeRows.of(symbol, timeMs, 0, BigDecimal.ONE, BigDecimal.ONE), null);
    }

    @Test
    void aNewSymbolOrDayIsANewPartitionAndTheSameOneComesBack() {
        assertThat(bucket("SPY", T0)).isEqualTo("dt=2013-10-07/symbol=SPY");
        assertThat(bucket("SPY", T0 + 1)).isEqualTo("dt=2013-10-07/symbol=SPY");
        assertThat(bucket("IBM", T0 + 2)).isEqualTo("dt=2013-10-07/symbol=IBM");
        assertThat(bucket("IBM", T0 + DAY)).isEqualTo("dt=2013-10-08/symbol=IBM");
        assertThat(bucket("IBM", T0)).isEqualTo("dt=2013-10-07/symbol=IBM");
        // Before 1970 the day still floors: 1969-12-31.
        assertThat(bucket("IBM", -1)).isEqualTo("dt=1969-12-31/symbol=IBM");
    }
}
