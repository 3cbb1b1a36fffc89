package dev.tradelake.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tradelake.model.FeedTrade;
import dev.tradelake.model.FinnhubCodec;
import dev.tradelake.model.Trade;
import dev.tradelake.model.TradeSequencer;
import java.math.BigDecimal;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class FrameIntakeTest {

    private final IngestMetrics metrics = new IngestMetrics();
    private final List<Trade> journaled = new CopyOnWriteArrayList<>();
    private final AtomicBoolean journalFull = new AtomicBoolean();
    private final AtomicLong clock = new AtomicLong(1_000);

    private FrameIntake intake() {
        return new FrameIntake(
                new TradeSequencer(),
                trades -> !journalFull.get() && journaled.addAll(trades),
                metrics,
                null,
                clock::get,
                Redaction.of("secret"),
                3);
    }

    private List<Trade> emittedTrades() {
        return journaled;
    }

    private static FeedTrade trade(String symbol, long t) {
        return new FeedTrade(symbol, t, 10, 100, List.of());
    }

    @Test
    void keepsTheGoodTradesOfAFrameAndCountsEachRejectByReason() {
        FrameIntake intake = intake();

        intake.onFrame("{\"type\":\"trade\",\"data\":[{\"p\":1.5,\"s\":\"SPY\",\"t\":5,\"v\":100},"
                + "{\"p\":-1,\"s\":\"SPY\",\"t\":5,\"v\":1},null,{\"p\":1e999,\"s\":\"SPY\",\"t\":5,\"v\":1},"
                + "{\"p\":2.5,\"s\":\"SPY\",\"t\":5,\"v\":0.25}]}");
        intake.onFrame("{\"type\":\"trade\",\"data\":");
        intake.onFrame("{\"type\":\"news\"}");
        intake.onFrame(FinnhubCodec.ping());
        intake.onFrame(FinnhubCodec.error("Subscribing to too many symbols"));
        intake.close();

        IngestMetrics.Snapshot m = metrics.snapshot();
        assertThat(m.frames()).isEqualTo(5);
        assertThat(m.pings()).isEqualTo(1);
        assertThat(m.feedErrors()).isEqualTo(1);
        assertThat(m.lastFeedError()).isEqualTo("Subscribing to too many symbols");
        assertThat(m.tradesAccepted()).isEqualTo(2);
        assertThat(m.rejectsByReason())
                .containsOnly(
                        org.assertj.core.api.Assertions.entry("bad_price", 1L),
                        org.assertj.core.api.Assertions.entry("number_out_of_range", 1L),
                        org.assertj.core.api.Assertions.entry("entry_not_object", 1L),
                        org.assertj.core.api.Assertions.entry("malformed_json", 1L),
                        org.assertj.core.api.Assertions.entry("unknown_type", 1L));
        assertThat(m.tradesRejected()).isEqualTo(5);
        assertThat(emittedTrades())
                .extracting(Trade::seq, Trade::price, Trade::ingestMs)
                .containsExactly(
                        org.assertj.core.api.Assertions.tuple(0, new BigDecimal("1.5"), 1_000L),
                        org.assertj.core.api.Assertions.tuple(1, new BigDecimal("2.5"), 1_000L));
    }

    @Test
    void sameMillisecondTradesGetSuccessiveSeqsAcrossFrames() {
        FrameIntake intake = intake();
        intake.onFrame(FinnhubCodec.tradeFrame(List.of(trade("SPY", 7), trade("SPY", 7), trade("BAC", 7))));
        intake.onFrame(FinnhubCodec.tradeFrame(List.of(trade("SPY", 7), trade("SPY", 8))));
        intake.close();

        assertThat(emittedTrades())
                .extracting(t -> t.id().toString())
                .containsExactlyInAnyOrder("SPY:7:0", "SPY:7:1", "SPY:7:2", "SPY:8:0", "BAC:7:0");
    }

    @Test
    void afterCloseNothingMoreIsAcceptedAndTheRefusalIsCounted() {
        FrameIntake intake = intake();
        intake.onFrame(FinnhubCodec.tradeFrame(List.of(trade("SPY", 1))));
        intake.close();

        intake.onFrame(FinnhubCodec.tradeFrame(List.of(trade("SPY", 2), trade("SPY", 3))));

        assertThat(emittedTrades()).hasSize(1);
        IngestMetrics.Snapshot m = metrics.snapshot();
        assertThat(m.tradesAccepted()).isEqualTo(1);
        assertThat(m.tradesRefused()).isEqualTo(2);
    }

    @Test
    void whenTheJournalIsFullTradesAreDroppedAndCountedAndTheReceivingThreadGoesOn() {
        FrameIntake intake = intake();
        intake.onFrame(FinnhubCodec.tradeFrame(List.of(trade("SPY", 1))));
        journalFull.set(true);
        intake.onFrame(FinnhubCodec.tradeFrame(List.of(trade("SPY", 2), trade("SPY", 3))));
        journalFull.set(false);
        intake.onFrame(FinnhubCodec.tradeFrame(List.of(trade("SPY", 4))));

        assertThat(emittedTrades()).extracting(Trade::timeMs).containsExactly(1L, 4L);
        IngestMetrics.Snapshot m = metrics.snapshot();
        assertThat(m.tradesAccepted()).isEqualTo(2);
        assertThat(m.rejectsByReason()).containsEntry("journal_full", 2L);
    }

    @Test
    void aTradeBreakingTheSizeRulesIsRejectedWithItsReasonAndTheNextOnesFlow() {
        FrameIntake intake = intake();
        String conditions = "\"12\",".repeat(10_000) + "\"37\"";

        intake.onFrame("{\"type\":\"trade\",\"data\":[{\"p\":1.5,\"s\":\"SPY\",\"t\":5,\"v\":100,\"c\":[" + conditions
                + "]},{\"p\":2.5,\"s\":\"SPY\",\"t\":6,\"v\":1,\"c\":[\"12\"]}]}");
        intake.onFrame("{\"type\":\"trade\",\"data\":[{\"p\":3.5,\"s\":\"SPY\",\"t\":7,\"v\":1}]}");
        intake.close();

        assertThat(metrics.snapshot().rejectsByReason()).containsEntry("bad_conditions", 1L);
        assertThat(emittedTrades()).extracting(Trade::timeMs).containsExactly(6L, 7L);
    }
}
