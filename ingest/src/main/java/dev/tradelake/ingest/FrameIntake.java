package dev.tradelake.ingest;

import dev.tradelake.model.FeedTrade;
import dev.tradelake.model.FinnhubCodec;
import dev.tradelake.model.FinnhubFrame;
import dev.tradelake.model.RejectReason;
import dev.tradelake.model.Rejection;
import dev.tradelake.model.TradeSequencer;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the WebSocket's receiving thread does with each frame: record it, parse it, count what is
 * rejected, give each trade its identity, and pack the trades by symbol for the writer. Only what
 * depends on arrival order happens here (encoding is the writer's); the receiving thread is the
 * ingest's one serial stage. It blocks in {@link BufferGate#acquire} when the buffer is full, on
 * purpose: see {@link BufferGate}.
 *
 * <p>A trade counts as accepted once it is in the packer; from then on the writer owes it to
 * Kinesis. After {@link #closeAndFlush()} nothing more is accepted, so that the final flush is
 * final.
 */
final class FrameIntake {

    private static final Logger LOG = LoggerFactory.getLogger(FrameIntake.class);

    private final RecordPacker packer;
    private final TradeSequencer sequencer = new TradeSequencer();
    private final BufferGate gate;
    private final Consumer<List<? extends Outgoing>> writer;
    private final IngestMetrics metrics;
    private final FrameRecorder recorder;
    private final LongSupplier clock;
    private final Redaction redaction;
    private final int subscribedSymbols;
    private final Set<RejectReason> reported = EnumSet.noneOf(RejectReason.class);
    private boolean closed;

    FrameIntake(RecordPacker packer, BufferGate gate, Consumer<List<? extends Outgoing>> writer, IngestMetrics metrics,
                FrameRecorder recorder, LongSupplier clock, Redaction redaction, int subscribedSymbols) {
        this.packer = packer;
        this.gate = gate;
        this.writer = writer;
        this.metrics = metrics;
        this.recorder = recorder;
        this.clock = clock;
        this.redaction = redaction;
        this.subscribedSymbols = subscribedSymbols;
    }

    /** Handles one text frame; blocks while the buffer is full. */
    void onFrame(String text) throws InterruptedException {
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

    /** Emits the records whose linger time is over; called by a timer. */
    synchronized void flushDue() {
        if (!closed) {
            emit(packer.flushDue(clock.getAsLong()));
        }
    }

    /** Stops accepting trades and hands every buffered one to the writer. */
    synchronized void closeAndFlush() {
        closed = true;
        emit(packer.flushAll());
    }

    private void accept(List<FeedTrade> trades, long receivedMs) throws InterruptedException {
        // A frame larger than the whole buffer is taken in parts, so that it cannot wait forever.
        for (int from = 0; from < trades.size(); ) {
            int n = Math.min(trades.size() - from, gate.capacity());
            if (!gate.acquire(n)) {
                metrics.refused(trades.size() - from);
                return;
            }
            synchronized (this) {
                if (closed) {
                    gate.release(n);
                    metrics.refused(trades.size() - from);
                    return;
                }
                List<RecordPacker.Pack> full = null;
                for (int i = from; i < from + n; i++) {
                    RecordPacker.Pack done = packer.add(sequencer.identify(trades.get(i), receivedMs), receivedMs);
                    if (done != null) {
                        if (full == null) {
                            full = new ArrayList<>(2);
                        }
                        full.add(done);
                    }
                }
                metrics.accepted(n);
                if (full != null) {
                    emit(full);
                }
            }
            from += n;
        }
    }

    private void emit(List<RecordPacker.Pack> packs) {
        if (!packs.isEmpty()) {
            writer.accept(packs);
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
            LOG.warn("rejected input ({}; further ones of this kind are only counted): {}",
                    rejection.reason().key(), redaction.apply(rejection.detail()));
        }
    }

    private void feedError(String message) {
        String shown = redaction.apply(message);
        metrics.feedError(shown);
        if (message.toLowerCase(Locale.ROOT).contains("symbol")) {
            LOG.error("the feed refused the subscription: \"{}\". This ingest subscribed to {} symbols on one"
                    + " connection; Finnhub's free plan allows about 50 (see --symbols, --max-symbols)",
                    shown, subscribedSymbols);
        } else {
            LOG.error("the feed reported an error: \"{}\"", shown);
        }
    }
}
