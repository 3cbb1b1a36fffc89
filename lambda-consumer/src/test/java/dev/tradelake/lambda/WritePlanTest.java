package dev.tradelake.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tradelake.model.Trade;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WritePlanTest {

    private static Trade trade(long t, int seq, long ingestMs) {
        return new Trade("SPY", t, seq, 10.0, 100, List.of(), ingestMs);
    }

    @Test
    void chunksHoldAtMost25ItemsInRecordOrder() {
        List<WritePlan.SourcedItem> items = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            items.add(WritePlan.SourcedItem.of(trade(1_000 + i, 0, 1), i / 10));
        }

        List<WritePlan.Chunk> chunks = WritePlan.plan(items);

        assertThat(chunks).extracting(c -> c.items().size()).containsExactly(25, 25, 10);
        assertThat(chunks).extracting(WritePlan.Chunk::firstRecord).containsExactly(0, 2, 5);
        assertThat(chunks.get(0).items().get(0).trade().timeMs()).isEqualTo(1_000);
    }

    @Test
    void aTradeTwiceInTheBatchIsPlannedOnceAndRemembersBothRecords() {
        List<WritePlan.SourcedItem> items = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            items.add(WritePlan.SourcedItem.of(trade(1_000 + i, 0, 1), 0));
        }
        items.add(WritePlan.SourcedItem.of(trade(1_003, 0, 2), 4)); // same key, later record
        items.add(WritePlan.SourcedItem.of(trade(1_003, 1, 2), 4)); // same millisecond, another trade

        List<WritePlan.Chunk> chunks = WritePlan.plan(items);

        List<WritePlan.PlannedItem> planned =
                chunks.stream().flatMap(c -> c.items().stream()).toList();
        assertThat(planned).hasSize(31);
        WritePlan.PlannedItem repeated = planned.stream()
                .filter(p -> p.key().sortKey().equals("0000000001003#000000"))
                .findFirst()
                .orElseThrow();
        assertThat(repeated.records()).containsExactly(0, 4);
        assertThat(repeated.trade().ingestMs()).isEqualTo(2); // the last copy is kept
        for (WritePlan.Chunk chunk : chunks) {
            Set<TradeItems.Key> keys = new HashSet<>();
            assertThat(chunk.items()).allMatch(p -> keys.add(p.key()));
        }
    }

    @Test
    void nothingToWriteIsNoChunk() {
        assertThat(WritePlan.plan(List.of())).isEmpty();
    }
}
