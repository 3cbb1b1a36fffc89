package dev.tradelake.local.feed;

import dev.tradelake.model.FinnhubCodec;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A WebSocket server on 127.0.0.1 that speaks Finnhub's trade protocol, so the ingest and the
 * whole pipeline run without a Finnhub key.
 *
 * <pre>
 * try (LocalFinnhubFeed feed = LocalFinnhubFeed.builder()
 *         .source(SyntheticMarket.builder().seed(7).count(10_000).build().source())
 *         .pace(Pace.max())
 *         .build()
 *         .start()) {
 *     connect to feed.uri() + "?token=any", send {"type":"subscribe","symbol":"AAPL"} ...
 *     feed.awaitFinished(Duration.ofSeconds(30));
 * }
 * </pre>
 *
 * <p>Protocol: clients send {@code {"type":"subscribe","symbol":"AAPL"}} or {@code unsubscribe};
 * the feed sends trade frames holding only each connection's symbols, {@code {"type":"ping"}}
 * every {@link Builder#pingInterval}, and {@code {"type":"error","msg":"Subscribing to too many
 * symbols"}} for a subscription past {@link Builder#symbolLimit} (that subscription is refused;
 * the limit counts per connection). Any path and query are accepted, e.g. {@code ?token=X}.
 *
 * <p>Playback: one source is shared by all connections. It starts when the first client has
 * subscribed (once its subscriptions have been quiet for {@link Builder#resumeDelay}, or once
 * every symbol of {@link Builder#startWhenSubscribed} is subscribed) and pauses while no open
 * connection is subscribed to anything or while the feed is silent; the frames not yet sent wait
 * for the next connection, so a client that reconnects and resubscribes loses nothing the feed
 * dropped on purpose. Trades of symbols no open connection subscribed to are
 * skipped and counted ({@link FeedStats#tradesSkipped()}). Each symbol's trades keep their order.
 * A recording's frames go out as recorded, malformed ones included ({@link RecordingSource}).
 *
 * <p>Faults, for reconnect tests: {@link #dropConnections()}, {@link #goSilent(Duration)} and
 * {@link Builder#dropAfterFrames}.
 */
public final class LocalFinnhubFeed implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalFinnhubFeed.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);

    private final FeedSource source;
    private final Pace pace;
    private final int requestedPort;
    private final Duration pingInterval;
    private final int symbolLimit;
    private final FeedStats stats = new FeedStats();
    private final Audience audience = new Audience();
    private final Wire wire;
    private final FeedServer server;
    private final Playback playback;
    private final Thread playbackThread;
    private final ScheduledExecutorService pinger;
    private volatile boolean started;
    private volatile boolean closed;

    private LocalFinnhubFeed(Builder b) {
        this.source = b.source;
        this.pace = b.pace;
        this.requestedPort = b.port;
        this.pingInterval = b.pingInterval;
        this.symbolLimit = b.symbolLimit;
        this.wire = new Wire(b.flushTimeout);
        this.server = new FeedServer(b.port, b.symbolLimit, audience, wire, stats);
        this.playback = new Playback(
                b.source,
                new Playback.Settings(b.pace, b.resumeDelay, b.requiredSymbols, b.maxBufferedBytes, b.dropAfterFrames),
                audience,
                wire,
                stats);
        this.playbackThread = new Thread(playback, "local-feed-playback");
        this.playbackThread.setDaemon(true);
        this.pinger = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "local-feed-pings");
            t.setDaemon(true);
            return t;
        });
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Binds the port and starts playback (which then waits for a subscriber). Returns this. */
    public LocalFinnhubFeed start() {
        if (started) {
            throw new IllegalStateException("the feed was already started");
        }
        started = true;
        server.start();
        try {
            server.started().get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            close();
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new IllegalStateException("the local feed could not listen on 127.0.0.1:" + requestedPort, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new IllegalStateException("interrupted while starting the local feed", e);
        }
        playbackThread.start();
        long pingMillis = pingInterval.toMillis();
        pinger.scheduleAtFixedRate(this::pingAll, pingMillis, pingMillis, TimeUnit.MILLISECONDS);
        LOG.info(
                "local Finnhub feed on {} (pace {}, pings every {} ms, limit {} symbols)",
                uri(),
                pace,
                pingMillis,
                symbolLimit);
        return this;
    }

    /** {@code ws://127.0.0.1:PORT}: append {@code ?token=...} or not, the feed accepts both. */
    public URI uri() {
        return URI.create("ws://127.0.0.1:" + port());
    }

    /** The bound port (the chosen one when built with port 0). */
    public int port() {
        return server.getPort();
    }

    public FeedStats stats() {
        return stats;
    }

    /** True once a bounded source has been sent completely and flushed to the sockets. */
    public boolean isFinished() {
        return playback.isFinished();
    }

    /**
     * Waits until a bounded source has been sent completely; false on timeout.
     *
     * @throws IllegalStateException if the source failed (e.g. an unreadable recording)
     */
    public boolean awaitFinished(Duration timeout) throws InterruptedException {
        boolean done = playback.awaitDone(timeout);
        if (playback.failure() != null) {
            throw new IllegalStateException("the local feed's source failed", playback.failure());
        }
        return done && playback.isFinished();
    }

    /** Open connections right now. */
    public int openConnections() {
        return audience.open().size();
    }

    /**
     * Closes every client connection now, abruptly (TCP close, no WebSocket close handshake: the
     * client sees code 1006), between two frames and after the queued frames reached the socket.
     * Playback pauses until a client subscribes again. Returns the number of connections dropped.
     */
    public int dropConnections() {
        List<ClientSession> open = audience.open();
        wire.lock();
        try {
            for (ClientSession s : open) {
                wire.drop(s, "dropped by the local feed");
                stats.connectionDropped();
            }
        } finally {
            wire.unlock();
        }
        LOG.info("dropped {} connection(s) on purpose", open.size());
        return open.size();
    }

    /**
     * Sends nothing at all for {@code duration}: no trades, no pings, no error replies, not even
     * WebSocket pongs; sockets stay open and new connections are still accepted. Playback keeps
     * its position and resumes afterwards. Returns once frames queued before the call reached the
     * sockets.
     */
    public void goSilent(Duration duration) {
        wire.silence(duration, audience.open());
        LOG.info("silent for {} ms on purpose", duration.toMillis());
    }

    private void pingAll() {
        try {
            for (ClientSession s : audience.open()) {
                if (wire.sendUnlessSilent(s, FinnhubCodec.ping())) {
                    stats.pingSent();
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("sending pings failed: {}", e.toString()); // keep the schedule alive
        }
    }

    /** Stops playback and pings, closes every connection and the source. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        pinger.shutdownNow();
        playbackThread.interrupt();
        try {
            if (playbackThread.isAlive()) {
                playbackThread.join(TimeUnit.SECONDS.toMillis(5));
            }
            server.stop(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            source.close();
        } catch (IOException e) {
            LOG.warn("closing the feed source failed: {}", e.toString());
        }
        LOG.info("local Finnhub feed stopped: {}", stats);
    }

    /** Settings of a {@link LocalFinnhubFeed}; only {@link #source} is required. */
    public static final class Builder {
        private FeedSource source;
        private Pace pace = Pace.realTime();
        private int port;
        private Duration pingInterval = Duration.ofSeconds(10);
        private int symbolLimit = 50;
        private Duration resumeDelay = Duration.ofMillis(200);
        private Set<String> requiredSymbols = Set.of();
        private long maxBufferedBytes = 1 << 20;
        private long dropAfterFrames;
        private Duration flushTimeout = Duration.ofSeconds(5);

        private Builder() {}

        /**
         * What to play: a {@link RecordingSource}, a {@link SyntheticMarket#source()}, or
         * {@link FeedSource#of}. Required, no default; closed with the feed.
         */
        public Builder source(FeedSource source) {
            this.source = Objects.requireNonNull(source, "source");
            return this;
        }

        /** How fast to play the source. Default {@link Pace#realTime()}. */
        public Builder pace(Pace pace) {
            this.pace = Objects.requireNonNull(pace, "pace");
            return this;
        }

        /** Port on 127.0.0.1. Default 0: a free port chosen by the system, see {@link LocalFinnhubFeed#port()}. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0 to 65535, was " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * How often every connection gets {@code {"type":"ping"}}, on the wall clock whatever the
         * pace. Default 10 s (Finnhub pings about once a minute when idle; 10 s keeps a
         * client's silence detection busy without much traffic).
         */
        public Builder pingInterval(Duration pingInterval) {
            this.pingInterval = positive(pingInterval, "pingInterval");
            return this;
        }

        /**
         * Symbols one connection may subscribe to; one more gets an error frame and is refused.
         * Default 50 (Finnhub's free plan).
         */
        public Builder symbolLimit(int symbolLimit) {
            if (symbolLimit < 1) {
                throw new IllegalArgumentException("symbolLimit must be >= 1, was " + symbolLimit);
            }
            this.symbolLimit = symbolLimit;
            return this;
        }

        /**
         * How long subscriptions must stay unchanged before playback starts, or resumes after a
         * pause: a client subscribes one symbol per message, and starting at its first message
         * would skip the first trades of the others. Not used with {@link #startWhenSubscribed}.
         * Default 200 ms.
         */
        public Builder resumeDelay(Duration resumeDelay) {
            if (resumeDelay.isNegative()) {
                throw new IllegalArgumentException("resumeDelay must be >= 0, was " + resumeDelay);
            }
            this.resumeDelay = resumeDelay;
            return this;
        }

        /**
         * Playback starts, and resumes after a pause, only once the open connections together
         * subscribe to all of these symbols, instead of after {@link #resumeDelay}. Use it when the
         * client's symbols are known (e.g. every symbol of a recording): no trade can then be
         * skipped because a subscribe message was still in flight, however loaded the machine.
         * A client that never subscribes to all of them never gets a trade. Default: none.
         */
        public Builder startWhenSubscribed(Collection<String> symbols) {
            this.requiredSymbols = Set.copyOf(symbols);
            return this;
        }

        /**
         * Backpressure: playback waits while a subscribed connection has more than this many
         * bytes queued and not yet written to its socket. Default 1 MiB.
         */
        public Builder maxBufferedBytes(long maxBufferedBytes) {
            if (maxBufferedBytes < 1) {
                throw new IllegalArgumentException("maxBufferedBytes must be >= 1, was " + maxBufferedBytes);
            }
            this.maxBufferedBytes = maxBufferedBytes;
            return this;
        }

        /**
         * Fault injection: drop each connection (as {@link LocalFinnhubFeed#dropConnections()}
         * does) once it has been sent this many trade frames; every new connection gets the same
         * number again. Default 0: never.
         */
        public Builder dropAfterFrames(long frames) {
            if (frames < 0) {
                throw new IllegalArgumentException("dropAfterFrames must be >= 0 (0 = never), was " + frames);
            }
            this.dropAfterFrames = frames;
            return this;
        }

        /**
         * How long a drop, a silence or the end of the source waits for a connection's queued
         * frames to reach its socket; a client that reads nothing for this long loses them.
         * Default 5 s.
         */
        public Builder flushTimeout(Duration flushTimeout) {
            this.flushTimeout = positive(flushTimeout, "flushTimeout");
            return this;
        }

        /** @throws IllegalStateException naming the missing setting */
        public LocalFinnhubFeed build() {
            if (source == null) {
                throw new IllegalStateException("LocalFinnhubFeed.builder(): source is required");
            }
            return new LocalFinnhubFeed(this);
        }

        private static Duration positive(Duration d, String name) {
            if (d == null || d.isZero() || d.isNegative()) {
                throw new IllegalArgumentException(name + " must be > 0, was " + d);
            }
            return d;
        }
    }
}
