package dev.tradelake.ingest;

import dev.tradelake.model.Backoff;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.java_websocket.framing.CloseFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one connection to the feed alive: connects, watches for silence, and after any loss
 * reconnects with exponential backoff and full jitter (each new connection subscribes again). The
 * backoff starts over once a connection has delivered something, so a feed that drops now and
 * then is rejoined quickly while one that refuses every attempt is not hammered.
 */
final class FeedSupervisor {

    private static final Logger LOG = LoggerFactory.getLogger(FeedSupervisor.class);

    private final Supplier<FeedConnection> connections;
    private final long connectTimeoutMs;
    private final long silenceNanos;
    private final Backoff backoff;
    private final IngestMetrics metrics;
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final Thread thread;
    private volatile FeedConnection current;
    private volatile long graceMs = 5_000;

    FeedSupervisor(Supplier<FeedConnection> connections, IngestConfig config, IngestMetrics metrics) {
        this.connections = connections;
        this.connectTimeoutMs = config.connectTimeout().toMillis();
        this.silenceNanos = config.silenceTimeout().toNanos();
        this.backoff = config.reconnectBackoff();
        this.metrics = metrics;
        this.thread = new Thread(this::run, "ingest-feed");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Asks the loop to end and closes the connection; does not wait. */
    void requestStop() {
        stopRequested.countDown();
        FeedConnection c = current;
        if (c != null) {
            c.close(CloseFrame.NORMAL, "ingest stopping");
        }
    }

    /**
     * Stops reading and waits for the loop to end, which closes the connection (politely, then by
     * force after {@code graceMs}). Afterwards no new frame is read; a frame whose receiving thread
     * is still held by a full buffer finishes on its own, and {@link FrameIntake} decides whether it
     * still counts.
     */
    void stop(long graceMs) throws InterruptedException {
        this.graceMs = graceMs;
        requestStop();
        thread.join(graceMs + connectTimeoutMs + 1_000);
    }

    private boolean stopping() {
        return stopRequested.getCount() == 0;
    }

    private void run() {
        int failures = 0;
        try {
            while (!stopping()) {
                FeedConnection c = connections.get();
                current = c;
                boolean open = !stopping() && c.connectBlocking(connectTimeoutMs, TimeUnit.MILLISECONDS);
                if (open) {
                    metrics.connected();
                    watch(c);
                }
                current = null;
                if (stopping()) {
                    closeGracefully(c, open);
                    break;
                }
                if (c.heardAnything()) {
                    failures = 0;
                }
                Duration delay = backoff.delay(failures++, ThreadLocalRandom.current());
                String why = c.closeDescription();
                if (why.contains(" 401") || why.contains(" 403")) {
                    LOG.error("the feed refused the connection ({}): check {}", why, IngestConfig.Env.TOKEN);
                }
                LOG.warn(
                        "feed {}: {}; reconnecting in {} ms (attempt {})",
                        open ? "connection lost" : "connection failed",
                        why,
                        TimeUnit.MILLISECONDS.convert(delay),
                        failures);
                metrics.reconnect();
                stopRequested.await(TimeUnit.NANOSECONDS.convert(delay), TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Closes a connection that was open, waiting for the close handshake {@code graceMs} at most. */
    private void closeGracefully(FeedConnection c, boolean wasOpen) throws InterruptedException {
        if (!wasOpen) {
            return;
        }
        if (c.isOpen()) {
            c.close(CloseFrame.NORMAL, "ingest stopping"); // requestStop() may have begun it already
        }
        if (!c.awaitClosed(graceMs)) {
            c.closeConnection(CloseFrame.GOING_AWAY, "ingest stopping");
        }
    }

    /** Returns when the connection closed, went silent (and was closed), or a stop was asked. */
    private void watch(FeedConnection c) throws InterruptedException {
        long tickMs = Math.max(10, Math.min(1_000, silenceNanos / 4_000_000));
        while (!c.awaitClosed(tickMs)) {
            if (stopping()) {
                return;
            }
            long silent = c.silentNanos();
            if (silent > silenceNanos) {
                LOG.warn(
                        "no frame from the feed for {} ms, not even a ping: treating the connection as dead",
                        silent / 1_000_000);
                metrics.silentDisconnect();
                // No close handshake: a silent peer may never answer it.
                c.closeConnection(CloseFrame.ABNORMAL_CLOSE, "silent for " + silent / 1_000_000 + " ms");
                c.awaitClosed(5_000);
                return;
            }
        }
    }
}
