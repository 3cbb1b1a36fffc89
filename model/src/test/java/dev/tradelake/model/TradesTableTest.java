package dev.tradelake.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TradesTableTest {

    @Test
    void aTradesKeyIsItsSymbolAndAShardFixedByItsId() {
        TradeId id = new TradeId("SPY", 1_381_132_800_465L, 3);
        // pinned: a change would put re-delivered trades beside, not over, their stored copies
        assertThat(TradesTable.partitionKey(id))
                .isEqualTo("SPY#" + TradesTable.shard(id))
                .isEqualTo("SPY#2");
        assertThat(TradesTable.partitionKey(new TradeId("SPY", 1_381_132_800_465L, 3)))
                .isEqualTo(TradesTable.partitionKey(id));
        assertThat(TradesTable.partitionKeys("SPY"))
                .hasSize(TradesTable.WRITE_SHARDS)
                .contains(TradesTable.partitionKey(id));
    }

    @Test
    void aHotSymbolsTradesSpreadEvenlyOverTheShardsEverySecond() {
        // 5,000 trades/s of one symbol for 4 s, up to five in a millisecond
        Map<String, Integer> perKeySecond = new HashMap<>();
        int[] perShard = new int[TradesTable.WRITE_SHARDS];
        long start = 1_700_000_000_000L;
        for (int i = 0; i < 20_000; i++) {
            TradeId id = new TradeId("BINANCE:BTCUSDT", start + i / 25 * 5, i % 25);
            perShard[TradesTable.shard(id)]++;
            perKeySecond.merge(TradesTable.partitionKey(id) + "@" + (id.timeMs() - start) / 1000, 1, Integer::sum);
        }
        assertThat(java.util.Arrays.stream(perShard).boxed().toList())
                .allSatisfy(n -> assertThat(n).isBetween(2_250, 2_750));
        // DynamoDB's ~1,000 writes/s per key, with room to spare
        assertThat(perKeySecond).hasSize(4 * TradesTable.WRITE_SHARDS);
        assertThat(perKeySecond.values()).allSatisfy(n -> assertThat(n).isBetween(500, 750));
    }

    @Test
    void theSymbolIsReadBackFromAKeyEvenWhenItHoldsHashSigns() {
        TradeId id = new TradeId("A#1", 1_000L, 0);
        assertThat(TradesTable.partitionKey(id)).startsWith("A#1#");
        assertThat(TradesTable.symbolOf(TradesTable.partitionKey(id))).isEqualTo("A#1");
        assertThat(TradesTable.partitionKeys("A")).doesNotContain(TradesTable.partitionKey(id));
        assertThatThrownBy(() -> TradesTable.symbolOf("SPY")).isInstanceOf(IllegalArgumentException.class);
    }
}
