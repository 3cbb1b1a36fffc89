package dev.tradelake.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tradelake.model.FeedTrade;
import dev.tradelake.model.FinnhubCodec;
import dev.tradelake.model.Trade;
import dev.tradelake.model.TradeRecordFormat;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class FrameIntakeTest {

    private final IngestMetrics metrics = new IngestMetrics();
    private final List<Outgoing> emitted = new CopyOnWriteArrayList<>();
    private final AtomicLong clock = new AtomicLong(1_000);

    private FrameIntake intake(BufferGate gate, int tradesPerRecord) {
        metrics.watchBuffer(gate);
        return new FrameIntake(new RecordPacker(tradesPerRecord, 100), gate, emitted::addAll, metrics, null,
                clock::get, Redaction.of("secret"), 3);
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

    private static FeedTrade trade(String symbol, long t) {
        return new FeedTrade(symbol, t, 10, 100, List.of());
    }

    @Test
    void keepsTheGoodTradesOfAFrameAndCountsEachRejectByReason() throws Exception {
        FrameIntake intake = intake(new BufferGate(1_000), 500);

        intake.onFrame("{\"type\":\"trade\",\"data\":[{\"p\":1.5,\"s\":\"SPY\",\"t\":5,\"v\":100},"
                + "{\"p\":-1,\"s\":\"SPY\",\"t\":5,\"v\":1},null,{\"p\":1e999,\"s\":\"SPY\",\"t\":5,\"v\":1},"
                + "{\"p\":2.5,\"s\":\"SPY\",\"t\":5,\"v\":0.25}]}");
        intake.onFrame("{\"type\":\"trade\",\"data\":");
        intake.onFrame("{\"type\":\"news\"}");
        intake.onFrame(FinnhubCodec.ping());
        intake.onFrame(FinnhubCodec.error("Subscribing to too many symbols"));
        intake.closeAndFlush();

        IngestMetrics.Snapshot m = metrics.snapshot();
        assertThat(m.frames()).isEqualTo(5);
        assertThat(m.pings()).isEqualTo(1);
        assertThat(m.feedErrors()).isEqualTo(1);
        assertThat(m.lastFeedError()).isEqualTo("Subscribing to too many symbols");
        assertThat(m.tradesAccepted()).isEqualTo(2);
        assertThat(m.rejectsByReason()).containsOnly(
                org.assertj.core.api.Assertions.entry("bad_price", 1L),
                org.assertj.core.api.Assertions.entry("number_out_of_range", 1L),
                org.assertj.core.api.Assertions.entry("entry_not_object", 1L),
                org.assertj.core.api.Assertions.entry("malformed_json", 1L),
                org.assertj.core.api.Assertions.entry("unknown_type", 1L));
        assertThat(m.tradesRejected()).isEqualTo(5);
        assertThat(emittedTrades()).extracting(Trade::seq, Trade::price, Trade::ingestMs)
                .containsExactly(org.assertj.core.api.Assertions.tuple(0, new BigDecimal("1.5"), 1_000L),
                        org.assertj.core.api.Assertions.tuple(1, new BigDecimal("2.5"), 1_000L));
    }

    @Test
    void sameMillisecondTradesGetSuccessiveSeqsAcrossFrames() throws Exception {
        FrameIntake intake = intake(new BufferGate(1_000), 500);
        intake.onFrame(FinnhubCodec.tradeFrame(List.of(trade("SPY", 7), trade("SPY", 7), trade("BAC", 7))));
        intake.onFrame(FinnhubCodec.tradeFrame(List.of(trade("SPY", 7), trade("SPY", 8))));
        intake.closeAndFlush();

        assertThat(emittedTrades()).extracting(t -> t.id().toString()).containsExactlyInAnyOrder(
                "SPY:7:0", "SPY:7:1", "SPY:7:2", "SPY:8:0", "BAC:7:0");
    }

    @Test
    void blocksTheReceivingThreadWhileTheBufferIsFull() throws Exception {
        BufferGate gate = new BufferGate(10);
        FrameIntake intake = intake(gate, 5);
        intake.onFrame(FinnhubCodec.tradeFrame(List.of(trade("SPY", 1), trade("SPY", 2), trade("SPY", 3),
                trade("SPY", 4), trade("SPY", 5), trade("SPY", 6), trade("SPY", 7), trade("SPY", 8))));

        CompletableFuture<Void> next = CompletableFuture.runAsync(() -> {
            try {
                intake.onFrame(FinnhubCodec.tradeFrame(List.of(trade("BAC", 1), trade("BAC", 2), trade("BAC", 3))));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(150);
        assertThat(next).isNotDone();
        assertThat(metrics.snapshot().tradesAccepted()).isEqualTo(8);
        assertThat(metrics.snapshot().bufferedTrades()).isEqualTo(8);

        gate.release(5); // Kinesis acknowledged the one full record
        next.get(5, TimeUnit.SECONDS);

        assertThat(metrics.snapshot().tradesAccepted()).isEqualTo(11);
        assertThat(gate.used()).isEqualTo(6);
    }

    @Test
    void aFrameLargerThanTheWholeBufferIsTakenInParts() throws Exception {
        BufferGate gate = new BufferGate(4);
        List<FeedTrade> many = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            many.add(trade("SPY", i));
        }
        // Kinesis acknowledges every record as soon as it is emitted.
        FrameIntake acknowledging = new FrameIntake(new RecordPacker(2, 100), gate, packs -> {
            emitted.addAll(packs);
            packs.forEach(p -> p.toRecords().forEach(r -> gate.release(r.trades())));
        }, metrics, null, clock::get, Redaction.of(null), 1);

        acknowledging.onFrame(FinnhubCodec.tradeFrame(many));
        acknowledging.closeAndFlush();

        assertThat(emittedTrades()).hasSize(9);
        assertThat(gate.used()).isZero();
    }

    @Test
    void afterCloseNothingMoreIsAcceptedAndTheRefusalIsCounted() throws Exception {
        BufferGate gate = new BufferGate(100);
        FrameIntake intake = intake(gate, 500);
        intake.onFrame(FinnhubCodec.tradeFrame(List.of(trade("SPY", 1))));
        intake.closeAndFlush();

        intake.onFrame(FinnhubCodec.tradeFrame(List.of(trade("SPY", 2), trade("SPY", 3))));

        assertThat(emittedTrades()).hasSize(1);
        IngestMetrics.Snapshot m = metrics.snapshot();
        assertThat(m.tradesAccepted()).isEqualTo(1);
        assertThat(m.tradesRefused()).isEqualTo(2);
        assertThat(gate.used()).isEqualTo(1);
    }

    @Test
    void lingeringBuffersAreFlushedByTheTimerTick() throws Exception {
        FrameIntake intake = intake(new BufferGate(100), 500);
        intake.onFrame(FinnhubCodec.tradeFrame(List.of(trade("SPY", 1))));

        clock.set(1_099);
        intake.flushDue();
        assertThat(emitted).isEmpty();
        clock.set(1_100);
        intake.flushDue();
        assertThat(emitted).hasSize(1);
    }
}
