package dev.tradelake.local.feed;

import dev.tradelake.model.FinnhubCodec;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.java_websocket.WebSocket;
import org.java_websocket.framing.Framedata;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WebSocket endpoint: accepts connections on any path (so {@code ?token=...} works as on
 * Finnhub), reads subscribe/unsubscribe commands and enforces the symbol limit. Sending trades
 * is the playback's job. The request path is never logged: it carries the token.
 */
final class FeedServer extends WebSocketServer {

    /** The message Finnhub sends for a subscription past the plan's limit. */
    static final String TOO_MANY_SYMBOLS = "Subscribing to too many symbols";

    static final String INVALID_MESSAGE =
            "Invalid message: expected {\"type\":\"subscribe\"|\"unsubscribe\",\"symbol\":...}";

    private static final Logger LOG = LoggerFactory.getLogger(FeedServer.class);

    private final int symbolLimit;
    private final Audience audience;
    private final Wire wire;
    private final FeedStats stats;
    private final AtomicInteger ids = new AtomicInteger();
    private final CompletableFuture<Void> started = new CompletableFuture<>();

    FeedServer(int port, int symbolLimit, Audience audience, Wire wire, FeedStats stats) {
        super(new InetSocketAddress("127.0.0.1", port));
        this.symbolLimit = symbolLimit;
        this.audience = audience;
        this.wire = wire;
        this.stats = stats;
        setReuseAddr(true);
        setDaemon(true);
        // The library's own keep-alive pings would break goSilent(); loopback peers close cleanly anyway.
        setConnectionLostTimeout(0);
    }

    /** Completes once the socket is bound, or exceptionally if binding failed. */
    CompletableFuture<Void> started() {
        return started;
    }

    @Override
    public void onStart() {
        started.complete(null);
    }

    @Override
    public void onOpen(WebSocket socket, ClientHandshake handshake) {
        ClientSession session = new ClientSession(ids.incrementAndGet(), socket);
        socket.setAttachment(session);
        stats.connectionAccepted();
        audience.joined(session);
        LOG.info("{} connected from {}", session, socket.getRemoteSocketAddress());
    }

    @Override
    public void onClose(WebSocket socket, int code, String reason, boolean remote) {
        ClientSession session = socket.getAttachment();
        if (session != null) {
            audience.left(session);
            LOG.info("{} disconnected (code {}, closed by the {})", session, code, remote ? "client" : "feed");
        }
    }

    @Override
    public void onMessage(WebSocket socket, String text) {
        ClientSession session = socket.getAttachment();
        FinnhubCodec.Command command = FinnhubCodec.parseCommand(text);
        if (command == null) {
            reply(session, INVALID_MESSAGE);
            return;
        }
        switch (command.type()) {
            case "subscribe" -> subscribe(session, command.symbol());
            case "unsubscribe" -> audience.unsubscribe(session, command.symbol());
            default -> reply(session, INVALID_MESSAGE);
        }
    }

    private void subscribe(ClientSession session, String symbol) {
        switch (audience.subscribe(session, symbol, symbolLimit)) {
            case ADDED, ALREADY -> {
                // Finnhub confirms nothing; a repeated subscription is accepted silently
            }
            case OVER_LIMIT -> {
                LOG.info("{}: refused {} past the limit of {} symbols", session, symbol, symbolLimit);
                reply(session, TOO_MANY_SYMBOLS);
            }
        }
    }

    private void reply(ClientSession session, String message) {
        if (wire.sendUnlessSilent(session, FinnhubCodec.error(message))) {
            stats.errorSent();
        }
    }

    @Override
    public void onMessage(WebSocket socket, ByteBuffer bytes) {
        reply(socket.getAttachment(), INVALID_MESSAGE); // Finnhub speaks text frames only
    }

    /** A silent feed does not even answer WebSocket pings, like a stalled network path. */
    @Override
    public void onWebsocketPing(WebSocket socket, Framedata ping) {
        if (!wire.isSilent()) {
            super.onWebsocketPing(socket, ping);
        }
    }

    @Override
    public void onError(WebSocket socket, Exception e) {
        if (socket == null) {
            // the server itself failed, typically while binding its port
            if (!started.completeExceptionally(e)) {
                LOG.error("local feed server failed", e);
            }
        } else {
            LOG.debug("{}: {}", socket.<ClientSession>getAttachment(), e.toString());
        }
    }
}
