package dev.tradelake.local.feed;

import dev.tradelake.model.FeedTrade;
import dev.tradelake.model.FinnhubCodec;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The feed's one playback thread: takes batches from the source in order and sends each to the
 * connections subscribed to its symbols, at the configured pace.
 *
 * <p>A batch is only taken off the source when it can be sent: while no open connection is
 * subscribed to anything, or the feed is silent, playback waits and the batch stays pending, so
 * a client that reconnects continues exactly where the previous connection stopped. After such a
 * pause playback resumes only once the subscriptions have been quiet for {@code resumeDelay}
 * (a client subscribes one symbol per message), or, when {@code requiredSymbols} are given, once
 * all of them are subscribed; the pace then restarts from the pending batch.
 * With several connections, trades of a symbol none of them subscribed to are skipped.
 *
 * <p>Backpressure: before each batch it waits while any listening connection has more than
 * {@code maxBufferedBytes} queued in the library, so at {@link Pace#max()} memory stays bounded
 * by what a slow client can hold, not by the size of the source.
 */
final class Playback implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(Playback.class);
    private static final long BACKPRESSURE_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long IDLE_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    /**
     * @param requiredSymbols when not empty, playback starts and resumes only once the open
     *                        connections together subscribe to all of these (then no delay)
     */
    record Settings(
            Pace pace, Duration resumeDelay, Set<String> requiredSymbols, long maxBufferedBytes, long dropAfterFrames) {
        Settings {
            requiredSymbols = Set.copyOf(requiredSymbols);
        }
    }

    private final FeedSource source;
    private final Pacer pacer;
    private final Audience audience;
    private final Wire wire;
    private final FeedStats stats;
    private final long resumeDelayNanos;
    private final Set<String> requiredSymbols;
    private final long maxBufferedBytes;
    private final long dropAfterFrames;
    private final CountDownLatch done = new CountDownLatch(1);
    private volatile boolean finished;
    private volatile Throwable failure;
    private boolean paused = true; // until the first subscription

    Playback(FeedSource source, Settings settings, Audience audience, Wire wire, FeedStats stats) {
        this.source = source;
        this.pacer = new Pacer(settings.pace());
        this.audience = audience;
        this.wire = wire;
        this.stats = stats;
        this.resumeDelayNanos = settings.resumeDelay().toNanos();
        this.requiredSymbols = settings.requiredSymbols();
        this.maxBufferedBytes = settings.maxBufferedBytes();
        this.dropAfterFrames = settings.dropAfterFrames();
    }

    @Override
    public void run() {
        try {
            FeedBatch batch;
            while ((batch = source.next()) != null) {
                if (Thread.interrupted()) {
                    throw new InterruptedException(); // at max pace nothing else would notice close()
                }
                play(batch);
            }
            for (ClientSession s : audience.open()) {
                wire.awaitFlushed(s.socket);
            }
            finished = true;
            LOG.info("local feed source exhausted: {}", stats);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the feed is closing
        } catch (Exception | Error e) {
            failure = e;
            LOG.error("local feed playback failed", e);
        } finally {
            done.countDown();
        }
    }

    boolean isFinished() {
        return finished;
    }

    Throwable failure() {
        return failure;
    }

    /** True when the source is exhausted (or failed) before the timeout. */
    boolean awaitDone(Duration timeout) throws InterruptedException {
        return done.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void play(FeedBatch batch) throws InterruptedException {
        while (true) {
            if (awaitAudience()) {
                pacer.restart();
            }
            long due = pacer.nanosUntilDue(batch.feedTimeMs(), System.nanoTime());
            if (due > 0) {
                audience.await(due); // wakes early when a client leaves, then re-checks
                continue;
            }
            if (backlogged()) {
                audience.await(BACKPRESSURE_POLL_NANOS);
                continue;
            }
            if (send(batch)) {
                return;
            }
            // everyone left (or the feed went silent) since the checks above: keep the batch for later
        }
    }

    /** Blocks until a batch may be sent; true if it had to wait (the pace then restarts). */
    private boolean awaitAudience() throws InterruptedException {
        boolean waited = false;
        long wait;
        while ((wait = nanosBeforeReady(System.nanoTime())) > 0) {
            waited = true;
            audience.await(wait); // returns early when a client comes, goes or subscribes
        }
        return waited;
    }

    /** How long to wait before checking again, or 0 when a batch may be sent now. */
    private long nanosBeforeReady(long now) {
        if (!audience.isListening()) {
            if (!paused) {
                LOG.info("no client subscribed: playback paused");
                paused = true;
            }
            return IDLE_POLL_NANOS;
        }
        if (wire.isSilent()) {
            return wire.silenceLeftNanos();
        }
        if (paused) {
            if (!requiredSymbols.isEmpty()) {
                if (!audience.covers(requiredSymbols)) {
                    return IDLE_POLL_NANOS;
                }
            } else if (audience.quietNanos(now) < resumeDelayNanos) {
                return resumeDelayNanos - audience.quietNanos(now);
            }
            resume();
        }
        return 0;
    }

    private void resume() {
        LOG.info("playback {}", stats.framesSent() == 0 ? "started" : "resumed");
        paused = false;
    }

    private boolean backlogged() {
        for (ClientSession s : audience.listening()) {
            if (Wire.bufferedBytes(s.socket) > maxBufferedBytes) {
                return true;
            }
        }
        return false;
    }

    /** Sends the batch filtered per connection; false (batch kept) when nobody can receive it now. */
    private boolean send(FeedBatch batch) {
        wire.lock();
        try {
            List<ClientSession> listeners = audience.listening();
            if (listeners.isEmpty() || wire.isSilent()) {
                return false;
            }
            String wholeFrame = batch.frame(); // most clients subscribe to everything: encode once
            for (ClientSession s : listeners) {
                List<FeedTrade> mine = s.select(batch.trades());
                String frame;
                if (batch.trades().isEmpty()) {
                    frame = batch.frame(); // nothing in it can be read, so nothing can be filtered: everyone gets it
                } else if (mine.isEmpty()) {
                    continue;
                } else if (mine.size() == batch.trades().size()) {
                    wholeFrame = wholeFrame != null ? wholeFrame : FinnhubCodec.tradeFrame(batch.trades());
                    frame = wholeFrame;
                } else {
                    frame = batch.frame() != null
                            ? RecordedFrames.only(batch.frame(), s::wants, mine)
                            : FinnhubCodec.tradeFrame(mine);
                }
                if (wire.send(s, frame)) {
                    stats.frameSent(mine);
                    if (dropAfterFrames > 0 && s.countTradeFrame() >= dropAfterFrames) {
                        wire.drop(s, "dropped by the local feed after " + dropAfterFrames + " frames");
                        stats.connectionDropped();
                    }
                }
            }
            countSkipped(batch, listeners);
            return true;
        } finally {
            wire.unlock();
        }
    }

    private void countSkipped(FeedBatch batch, List<ClientSession> listeners) {
        for (FeedTrade t : batch.trades()) {
            if (listeners.stream().noneMatch(s -> s.wants(t.symbol()))) {
                stats.tradeSkipped();
            }
        }
    }
}
