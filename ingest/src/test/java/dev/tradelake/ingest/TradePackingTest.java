package dev.tradelake.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tradelake.model.Trade;
import dev.tradelake.model.TradeRecordFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TradePackingTest {

    private final List<Outgoing> emitted = new CopyOnWriteArrayList<>();
    private final AtomicLong clock = new AtomicLong(1_000);

    private static Trade trade(String symbol, long t) {
        return new Trade(symbol, t, 0, 10, 100, List.of(), 0);
    }

    private List<Trade> emittedTrades() throws TradeRecordFormat.MalformedRecordException {
        List<Trade> trades = new ArrayList<>();
        for (Outgoing o : emitted) {
            for (OutRecord r : o.toRecords()) {
                trades.addAll(TradeRecordFormat.decode(r.data()).trades());
            }
        }
        return trades;
    }

    @Test
    void blocksTheJournalTailerWhileTheBufferIsFullAndRecordsCarryTheirEntries() throws Exception {
        BufferGate gate = new BufferGate(10);
        TradePacking packing = new TradePacking(new RecordPacker(5, 100), gate, emitted::addAll, clock::get);
        packing.add(
                List.of(
                        trade("SPY", 1),
                        trade("SPY", 2),
                        trade("SPY", 3),
                        trade("SPY", 4),
                        trade("SPY", 5),
                        trade("SPY", 6),
                        trade("SPY", 7),
                        trade("SPY", 8)),
                41);

        CompletableFuture<Boolean> next = CompletableFuture.supplyAsync(() -> {
            try {
                return packing.add(List.of(trade("BAC", 1), trade("BAC", 2), trade("BAC", 3)), 42);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(150);
        assertThat(next).isNotDone();

        gate.release(5); // Kinesis acknowledged the one full record
        assertThat(next.get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(gate.used()).isEqualTo(6);
        packing.closeAndFlush();
        List<long[]> entries = new ArrayList<>();
        emitted.forEach(o -> o.toRecords().forEach(r -> entries.add(r.entries())));
        assertThat(entries)
                .containsExactly(new long[] {41, 41, 41, 41, 41}, new long[] {41, 41, 41}, new long[] {42, 42, 42});
    }

    @Test
    void anEntryLargerThanTheWholeBufferIsTakenInParts() throws Exception {
        BufferGate gate = new BufferGate(4);
        List<Trade> many = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            many.add(trade("SPY", i));
        }
        // Kinesis acknowledges every record as soon as it is emitted.
        TradePacking packing = new TradePacking(
                new RecordPacker(2, 100),
                gate,
                packs -> {
                    emitted.addAll(packs);
                    packs.forEach(p -> p.toRecords().forEach(r -> gate.release(r.trades())));
                },
                clock::get);

        packing.add(many, 7);
        packing.closeAndFlush();

        assertThat(emittedTrades()).hasSize(9);
        assertThat(gate.used()).isZero();
    }

    @Test
    void lingeringBuffersAreFlushedByTheTimerTick() throws Exception {
        TradePacking packing =
                new TradePacking(new RecordPacker(500, 100), new BufferGate(100), emitted::addAll, clock::get);
        packing.add(List.of(trade("SPY", 1)), 0);

        clock.set(1_099);
        packing.flushDue();
        assertThat(emitted).isEmpty();
        clock.set(1_100);
        packing.flushDue();
        assertThat(emitted).hasSize(1);
    }

    @Test
    void afterCloseNothingMoreIsTaken() throws Exception {
        BufferGate gate = new BufferGate(100);
        TradePacking packing = new TradePacking(new RecordPacker(500, 100), gate, emitted::addAll, clock::get);
        packing.closeAndFlush();

        assertThat(packing.add(List.of(trade("SPY", 1)), 0)).isFalse();
        assertThat(gate.used()).isZero();
    }
}
