package dev.tradelake.ingest;

import dev.tradelake.model.FinnhubCodec;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.java_websocket.WebSocket;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.framing.Framedata;
import org.java_websocket.handshake.ServerHandshake;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebSocket connection to the feed: subscribes on open, hands every frame to the
 * {@link FrameIntake} on the library's receiving thread, and remembers when it last heard
 * anything. A Java-WebSocket client cannot be reused, so each (re)connection is a new instance;
 * {@link FeedSupervisor} decides when to make one.
 */
final class FeedConnection extends WebSocketClient {

    private static final Logger LOG = LoggerFactory.getLogger(FeedConnection.class);

    private final List<String> symbols;
    private final FrameIntake intake;
    private final Redaction redaction;
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile long lastHeardNanos = System.nanoTime();
    private volatile boolean inFrame;
    private volatile boolean heardAnything;
    private volatile String closeDescription = "not connected";
    private volatile String lastError;

    FeedConnection(URI uriWithToken, List<String> symbols, FrameIntake intake, Redaction redaction) {
        super(uriWithToken);
        this.symbols = symbols;
        this.intake = intake;
        this.redaction = redaction;
        // The library's own ping/pong watchdog is off: FeedSupervisor judges silence by the feed's frames.
        setConnectionLostTimeout(0);
        setDaemon(true);
    }

    @Override
    public void onOpen(ServerHandshake handshake) {
        lastHeardNanos = System.nanoTime();
        for (String symbol : symbols) {
            send(FinnhubCodec.subscribe(symbol));
        }
        LOG.info("connected to {}; subscribed to {} symbols", Redaction.url(uri), symbols.size());
    }

    @Override
    public void onMessage(String text) {
        inFrame = true;
        heardAnything = true;
        lastHeardNanos = System.nanoTime();
        try {
            intake.onFrame(text);
        } catch (RuntimeException e) {
            // A bug in frame handling must not kill the receiving thread; the frame is lost and said so.
            LOG.error("could not handle a frame: {}", redaction.describe(e));
        } finally {
            lastHeardNanos = System.nanoTime();
            inFrame = false;
        }
    }

    @Override
    public void onMessage(ByteBuffer bytes) {
        onMessage(StandardCharsets.UTF_8.decode(bytes).toString());
    }

    @Override
    public void onWebsocketPing(WebSocket conn, Framedata frame) {
        heardAnything = true;
        lastHeardNanos = System.nanoTime();
        super.onWebsocketPing(conn, frame);
    }

    @Override
    public void onClose(int code, String reason, boolean remote) {
        closeDescription = (remote ? "closed by the feed" : "closed") + " (code " + code
                + (reason == null || reason.isEmpty() ? "" : ", " + redaction.apply(reason)) + ")"
                + (lastError == null ? "" : ": " + lastError);
        closed.countDown();
    }

    @Override
    public void onError(Exception error) {
        lastError = redaction.describe(error);
    }

    boolean awaitClosed(long timeoutMs) throws InterruptedException {
        return closed.await(timeoutMs, TimeUnit.MILLISECONDS);
    }

    /**
     * How long the feed has said nothing. Zero while a frame is being handled: a receiving thread
     * held back by a full buffer is not a silent feed.
     */
    long silentNanos() {
        return inFrame ? 0 : System.nanoTime() - lastHeardNanos;
    }

    boolean heardAnything() {
        return heardAnything;
    }

    /** How the connection ended (or failed to open), masked. */
    String closeDescription() {
        return closeDescription;
    }
}
