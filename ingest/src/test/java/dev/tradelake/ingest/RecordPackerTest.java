package dev.tradelake.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tradelake.model.Trade;
import dev.tradelake.model.TradeRecordFormat;
import dev.tradelake.model.TradeRules;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordPackerTest {

    private static Trade trade(String symbol, long timeMs, int seq) {
        return new Trade(symbol, timeMs, seq, 10.5, 100, List.of("12"), 1_000);
    }

    private static List<Trade> decode(RecordPacker.Pack pack) throws TradeRecordFormat.MalformedRecordException {
        List<OutRecord> records = pack.encode();
        assertThat(records).hasSize(1);
        return decode(records.get(0));
    }

    private static List<Trade> decode(OutRecord record) throws TradeRecordFormat.MalformedRecordException {
        TradeRecordFormat.Decoded decoded = TradeRecordFormat.decode(record.data());
        assertThat(decoded.symbol()).isEqualTo(record.partitionKey());
        assertThat(decoded.trades()).hasSize(record.trades());
        return decoded.trades();
    }

    @Test
    void handsOutAPackWhenASymbolsBufferIsFull() throws Exception {
        RecordPacker packer = new RecordPacker(3, 100);

        assertThat(packer.add(trade("SPY", 1, 0), 0)).isNull();
        assertThat(packer.add(trade("BAC", 1, 0), 0)).isNull();
        assertThat(packer.add(trade("SPY", 1, 1), 0)).isNull();
        RecordPacker.Pack full = packer.add(trade("SPY", 2, 0), 0);

        assertThat(full.symbol()).isEqualTo("SPY");
        assertThat(decode(full)).containsExactly(trade("SPY", 1, 0), trade("SPY", 1, 1), trade("SPY", 2, 0));
        assertThat(packer.bufferedTrades()).isEqualTo(1);
    }

    @Test
    void flushesABufferOnlyOnceItsOldestTradeHasLingered() throws Exception {
        RecordPacker packer = new RecordPacker(500, 100);
        packer.add(trade("SPY", 1, 0), 1_000);
        packer.add(trade("BAC", 1, 0), 1_050);
        packer.add(trade("SPY", 2, 0), 1_090);

        assertThat(packer.flushDue(1_099)).isEmpty();
        List<RecordPacker.Pack> due = packer.flushDue(1_100);

        assertThat(due).extracting(RecordPacker.Pack::symbol).containsExactly("SPY");
        assertThat(decode(due.get(0))).hasSize(2);
        assertThat(packer.flushDue(1_149)).isEmpty();
        assertThat(packer.flushDue(1_150)).extracting(RecordPacker.Pack::symbol).containsExactly("BAC");
        assertThat(packer.bufferedTrades()).isZero();
    }

    @Test
    void lingerRestartsWithTheFirstTradeAfterAFlush() {
        RecordPacker packer = new RecordPacker(2, 100);
        packer.add(trade("SPY", 1, 0), 0);
        assertThat(packer.add(trade("SPY", 1, 1), 0)).isNotNull();
        packer.add(trade("SPY", 1, 2), 500);

        assertThat(packer.flushDue(599)).isEmpty();
        assertThat(packer.flushDue(600)).hasSize(1);
    }

    @Test
    void flushAllEmptiesEveryBufferKeepingEachSymbolsOrder() throws Exception {
        RecordPacker packer = new RecordPacker(4, 60_000);
        List<Trade> sent = new ArrayList<>();
        List<RecordPacker.Pack> packs = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            Trade t = trade(i % 3 == 0 ? "AIG" : "IBM", 100 + i, 0);
            sent.add(t);
            RecordPacker.Pack full = packer.add(t, 0);
            if (full != null) {
                packs.add(full);
            }
        }
        packs.addAll(packer.flushAll());

        List<Trade> received = new ArrayList<>();
        for (RecordPacker.Pack p : packs) {
            for (OutRecord r : p.encode()) {
                received.addAll(decode(r));
                assertThat(r.trades()).isBetween(1, 4);
                assertThat(r.attempt()).isZero();
            }
        }
        assertThat(received).containsExactlyInAnyOrderElementsOf(sent);
        assertThat(received.stream().filter(t -> t.symbol().equals("IBM")).toList())
                .isEqualTo(sent.stream().filter(t -> t.symbol().equals("IBM")).toList());
        assertThat(packer.bufferedTrades()).isZero();
        assertThat(packer.flushAll()).isEmpty();
    }

    @Test
    void aPackThatWouldPassKinesissSizeLimitIsSplitIntoSeveralRecords() throws Exception {
        // The most conditions TradeRules allows, every character escaped: ~3 KiB a trade, 1.6 MiB in all.
        List<String> conditions =
                Collections.nCopies(TradeRules.MAX_CONDITIONS, "\u0001".repeat(TradeRules.MAX_CONDITION_LENGTH));
        List<Trade> trades = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            trades.add(new Trade("SPY", 1, i, 1, 1, conditions, 0));
        }

        List<OutRecord> records = new RecordPacker.Pack("SPY", trades).encode();

        assertThat(records).hasSizeGreaterThan(1);
        List<Trade> received = new ArrayList<>();
        for (OutRecord r : records) {
            assertThat(r.requestBytes()).isLessThanOrEqualTo(TradeRecordFormat.MAX_RECORD_BYTES);
            received.addAll(decode(r));
        }
        assertThat(received).isEqualTo(trades);
    }
}
