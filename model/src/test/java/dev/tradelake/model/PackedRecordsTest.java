package dev.tradelake.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tradelake.model.testing.PackedRecords;
import dev.tradelake.model.testing.PackedRecords.Packed;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PackedRecordsTest {

    private static Trade trade(String symbol, int n) {
        return new Trade(symbol, 1_000 + n, 0, Decimals.of(10 + n), Decimals.of(1), List.of(), 0);
    }

    private static List<Trade> alternating(int count) {
        List<Trade> trades = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            trades.add(trade(i % 3 == 2 ? "B" : "A", i));
        }
        return trades;
    }

    @Test
    void aFullBufferIsARecordAndTheRestFollowAtTheEnd() {
        List<Trade> trades = alternating(9); // A A B A A B A A B

        List<Packed> records = PackedRecords.perSymbol(trades, 4);

        assertThat(records).extracting(Packed::symbol).containsExactly("A", "A", "B");
        assertThat(records).extracting(p -> p.trades().size()).containsExactly(4, 2, 3);
        assertThat(records.get(0).trades()).containsExactly(trades.get(0), trades.get(1), trades.get(3), trades.get(4));
    }

    @Test
    void everyBufferIsEmptiedAfterEachFlushInterval() {
        List<Packed> records = PackedRecords.perSymbol(alternating(9), 500, 3);

        assertThat(records).extracting(Packed::symbol).containsExactly("A", "B", "A", "B", "A", "B");
        assertThat(records).allSatisfy(p -> assertThat(p.trades()).hasSizeLessThanOrEqualTo(2));
    }

    @Test
    void everyTradeOnceAndEachRecordDecodesToItsTrades() throws Exception {
        List<Trade> trades = alternating(1_001);

        List<Packed> records = PackedRecords.perSymbol(trades, 50, 120);

        assertThat(records.stream().mapToInt(p -> p.trades().size()).sum()).isEqualTo(trades.size());
        for (Packed p : records) {
            assertThat(TradeRecordFormat.decode(p.data()).trades()).isEqualTo(p.trades());
        }
    }

    @Test
    void runsCloseAtEverySymbolChangeAndWhenFull() {
        List<Trade> trades = alternating(9); // A A B A A B A A B

        assertThat(PackedRecords.runs(trades, 500))
                .extracting(p -> p.symbol() + p.trades().size())
                .containsExactly("A2", "B1", "A2", "B1", "A2", "B1");
        assertThat(PackedRecords.runs(trades.subList(0, 2), 1))
                .extracting(p -> p.symbol() + p.trades().size())
                .containsExactly("A1", "A1");
        assertThat(PackedRecords.runs(List.of(), 10)).isEmpty();
    }

    @Test
    void aRecordHoldsAtMostWhatTheFormatAllows() {
        assertThatThrownBy(() -> PackedRecords.perSymbol(List.of(), TradeRecordFormat.MAX_TRADES + 1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
