package dev.tradelake.local.feed;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tradelake.model.FeedTrade;
import dev.tradelake.model.FinnhubCodec;
import dev.tradelake.model.FinnhubFrame;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.java_websocket.WebSocket;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.framing.Framedata;
import org.java_websocket.handshake.ServerHandshake;

/** A real WebSocket client that records everything the feed sends, as the ingest would see it. */
final class FeedClient extends WebSocketClient {

    private final List<FeedTrade> trades = new ArrayList<>();
    private final List<String> errors = new ArrayList<>();
    private final List<String> frames = new ArrayList<>();
    private final AtomicInteger tradeFrames = new AtomicInteger();
    private final AtomicInteger pings = new AtomicInteger();
    private final AtomicInteger messages = new AtomicInteger();
    private final AtomicInteger pongs = new AtomicInteger();
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile int closeCode;
    /** When set, the reading thread blocks on it after the first message: a client that stops reading. */
    private volatile CountDownLatch stallAfterFirst;

    private FeedClient(URI uri) {
        super(uri);
    }

    static FeedClient connect(URI uri) throws InterruptedException {
        FeedClient client = new FeedClient(uri);
        assertThat(client.connectBlocking(5, TimeUnit.SECONDS))
                .as("connected to %s", uri)
                .isTrue();
        return client;
    }

    /** A client that reads one message, then nothing until {@code release} is counted down. */
    static FeedClient connectStalling(URI uri, CountDownLatch release) throws InterruptedException {
        FeedClient client = new FeedClient(uri);
        client.stallAfterFirst = release;
        client.setReceiveBufferSize(64 * 1024); // keeps the kernel from absorbing the whole stream
        assertThat(client.connectBlocking(5, TimeUnit.SECONDS)).isTrue();
        return client;
    }

    FeedClient subscribe(String... symbols) {
        for (String s : symbols) {
            send(FinnhubCodec.subscribe(s));
        }
        return this;
    }

    FeedClient subscribe(List<String> symbols) {
        return subscribe(symbols.toArray(String[]::new));
    }

    FeedClient unsubscribe(String symbol) {
        send(FinnhubCodec.unsubscribe(symbol));
        return this;
    }

    @Override
    public void onOpen(ServerHandshake handshake) {}

    @Override
    public void onMessage(String text) {
        int n = messages.incrementAndGet();
        FinnhubFrame frame = FinnhubCodec.parse(text);
        synchronized (this) {
            if (!(frame instanceof FinnhubFrame.Ping)) {
                frames.add(text);
            }
            if (frame instanceof FinnhubFrame.Trades t) {
                t.rejected().forEach(r -> errors.add("invalid entry sent by the feed: " + r));
                trades.addAll(t.trades());
                tradeFrames.incrementAndGet();
            } else if (frame instanceof FinnhubFrame.Ping) {
                pings.incrementAndGet();
            } else if (frame instanceof FinnhubFrame.Error e) {
                errors.add(e.message());
            } else {
                errors.add("unexpected frame: " + text);
            }
        }
        CountDownLatch stall = stallAfterFirst;
        if (n == 1 && stall != null) {
            try {
                stall.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void onWebsocketPong(WebSocket conn, Framedata f) {
        pongs.incrementAndGet();
    }

    @Override
    public void onClose(int code, String reason, boolean remote) {
        closeCode = code;
        closed.countDown();
    }

    @Override
    public void onError(Exception ex) {}

    synchronized List<FeedTrade> trades() {
        return List.copyOf(trades);
    }

    synchronized int tradeCount() {
        return trades.size();
    }

    /** Every message but pings, as received. */
    synchronized List<String> frames() {
        return List.copyOf(frames);
    }

    synchronized List<String> errors() {
        return List.copyOf(errors);
    }

    int tradeFrames() {
        return tradeFrames.get();
    }

    int pings() {
        return pings.get();
    }

    int messages() {
        return messages.get();
    }

    int pongs() {
        return pongs.get();
    }

    int closeCode() {
        return closeCode;
    }

    boolean isClosedNow() {
        return closed.getCount() == 0;
    }

    boolean awaitClosed(Duration timeout) throws InterruptedException {
        return closed.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    boolean awaitTrades(int count, Duration timeout) throws InterruptedException {
        return await(() -> tradeCount() >= count, timeout);
    }

    static boolean await(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            TimeUnit.MILLISECONDS.sleep(5);
        }
        return true;
    }
}
