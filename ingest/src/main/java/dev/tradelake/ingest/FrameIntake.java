package dev.tradelake.ingest;

import dev.tradelake.model.FeedTrade;
import dev.tradelake.model.FinnhubCodec;
import dev.tradelake.model.FinnhubFrame;
import dev.tradelake.model.RejectReason;
import dev.tradelake.model.Rejection;
import dev.tradelake.model.Trade;
import dev.tradelake.model.TradeSequencer;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the WebSocket's receiving thread does with each frame: record it, parse it, count what is
 * rejected, give each trade its identity and hand the frame's trades to the journal. Only what
 * depends on arrival order happens here; the receiving thread is the ingest's one serial stage.
 * It never waits for Kinesis: the journal takes the trades whatever Kinesis does, and when the
 * journal's disk budget is exhausted the trades are dropped and counted
 * ({@link RejectReason#JOURNAL_FULL}), never held back (Finnhub does not wait for a slow client).
 *
 * <p>A trade counts as accepted once it is in the journal; from then on the ingest owes it to
 * Kinesis, in this run or the next. After {@link #close()} nothing more is accepted.
 */
final class FrameIntake {

    /** Where accepted trades go: the journal. */
    interface TradeSink {
        /** Takes the trades of one frame; false when there is no room for them. */
        boolean offer(List<Trade> trades);
    }

    private static final Logger LOG = LoggerFactory.getLogger(FrameIntake.class);

    private final TradeSequencer sequencer;
    private final TradeSink sink;
    private final IngestMetrics metrics;
    private final FrameRecorder recorder;
    private final LongSupplier clock;
    private final Redaction redaction;
    private final int subscribedSymbols;
    private final Set<RejectReason> reported = EnumSet.noneOf(RejectReason.class);
    private boolean full;
    private volatile boolean closed;

    FrameIntake(
            TradeSequencer sequencer,
            TradeSink sink,
            IngestMetrics metrics,
            FrameRecorder recorder,
            LongSupplier clock,
            Redaction redaction,
            int subscribedSymbols) {
        this.sequencer = sequencer;
        this.sink = sink;
        this.metrics = metrics;
        this.recorder = recorder;
        this.clock = clock;
        this.redaction = redaction;
        this.subscribedSymbols = subscribedSymbols;
    }

    /** Handles one text frame; never blocks on Kinesis. */
    void onFrame(String text) {
        long receivedMs = clock.getAsLong();
        metrics.frame();
        if (recorder != null) {
            recorder.write(text);
        }
        FinnhubFrame frame = FinnhubCodec.parse(text);
        if (frame instanceof FinnhubFrame.Trades trades) {
            trades.rejected().forEach(this::reject);
            accept(trades.trades(), receivedMs);
        } else if (frame instanceof FinnhubFrame.Ping) {
            metrics.ping();
        } else if (frame instanceof FinnhubFrame.Error error) {
            feedError(error.message());
        } else if (frame instanceof FinnhubFrame.Rejected rejected) {
            reject(rejected.rejection());
        }
    }

    /** Stops accepting trades: what arrives later is counted as refused. */
    void close() {
        closed = true;
    }

    private synchronized void accept(List<FeedTrade> feedTrades, long receivedMs) {
        if (feedTrades.isEmpty()) {
            return;
        }
        if (closed) {
            metrics.refused(feedTrades.size());
            return;
        }
        List<Trade> trades = new ArrayList<>(feedTrades.size());
        for (FeedTrade t : feedTrades) {
            trades.add(sequencer.identify(t, receivedMs));
        }
        if (sink.offer(trades)) {
            metrics.accepted(trades.size());
            if (full) {
                full = false;
                LOG.warn("the journal has room again: accepting trades");
            }
        } else {
            metrics.rejected(new Rejection(RejectReason.JOURNAL_FULL, "journal full"), trades.size());
            if (!full) {
                full = true;
                LOG.error("the journal is full (--journal-max-bytes): dropping trades until Kinesis catches up;"
                        + " they are counted as journal_full");
            }
        }
    }

    private void reject(Rejection rejection) {
        metrics.rejected(rejection);
        boolean first;
        synchronized (reported) {
            first = reported.add(rejection.reason());
        }
        if (first) {
            // One example per reason: enough to diagnose a feed, never a line per trade.
            LOG.warn(
                    "rejected input ({}; further ones of this kind are only counted): {}",
                    rejection.reason().key(),
                    redaction.apply(rejection.detail()));
        }
    }

    private void feedError(String message) {
        String shown = redaction.apply(message);
        metrics.feedError(shown);
        if (message.toLowerCase(Locale.ROOT).contains("symbol")) {
            LOG.error(
                    "the feed refused the subscription: \"{}\". This ingest subscribed to {} symbols on one"
                            + " connection; Finnhub's free plan allows about 50 (see --symbols, --max-symbols)",
                    shown,
                    subscribedSymbols);
        } else {
            LOG.error("the feed reported an error: \"{}\"", shown);
        }
    }
}
