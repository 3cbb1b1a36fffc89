package dev.tradelake.ingest;

import dev.tradelake.model.FinnhubCodec;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.java_websocket.WebSocket;
import org.java_websocket.drafts.Draft;
import org.java_websocket.exceptions.InvalidDataException;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.handshake.ServerHandshakeBuilder;
import org.java_websocket.server.WebSocketServer;

/**
 * A few lines of Finnhub for tests: records what each client subscribes to, and lets the test
 * send frames, drop a connection or simply go silent. Frames are sent by the test thread.
 */
final class TestFeedServer extends WebSocketServer implements AutoCloseable {

    /** One client connection as the server sees it. */
    static final class Client {
        final WebSocket socket;
        final String resource;
        final Set<String> subscribed = ConcurrentHashMap.newKeySet();

        Client(WebSocket socket, String resource) {
            this.socket = socket;
            this.resource = resource;
        }

        void awaitSubscribed(Collection<String> symbols, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!subscribed.containsAll(symbols)) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("client subscribed to " + subscribed + ", expected " + symbols);
                }
                Thread.sleep(5);
            }
        }

        void send(String frame) {
            socket.send(frame);
        }

        /** Ends the TCP connection without a close handshake, as a crashing server would. */
        void drop() {
            socket.closeConnection(CloseFrame.ABNORMAL_CLOSE, "dropped by the test");
        }

        boolean isOpen() {
            return socket.isOpen();
        }
    }

    private final CountDownLatch started = new CountDownLatch(1);
    private final BlockingQueue<Client> connected = new LinkedBlockingQueue<>();
    private final Map<WebSocket, Client> clients = new ConcurrentHashMap<>();
    private final AtomicInteger handshakesToRefuse = new AtomicInteger();

    private TestFeedServer() {
        super(new InetSocketAddress("127.0.0.1", 0));
        setReuseAddr(true);
        setConnectionLostTimeout(0);
        setDaemon(true);
    }

    static TestFeedServer start(Duration timeout) throws InterruptedException {
        TestFeedServer server = new TestFeedServer();
        server.start();
        if (!server.started.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("test feed server did not start");
        }
        return server;
    }

    URI uri() {
        return URI.create("ws://127.0.0.1:" + getPort());
    }

    /** The next {@code n} handshakes are answered with an HTTP error instead of a WebSocket. */
    void refuseHandshakes(int n) {
        handshakesToRefuse.set(n);
    }

    Client awaitConnection(Duration timeout) throws InterruptedException {
        Client c = connected.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (c == null) {
            throw new AssertionError("no client connected within " + timeout);
        }
        return c;
    }

    @Override
    public ServerHandshakeBuilder onWebsocketHandshakeReceivedAsServer(
            WebSocket conn, Draft draft, ClientHandshake request) throws InvalidDataException {
        if (handshakesToRefuse.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new InvalidDataException(CloseFrame.POLICY_VALIDATION, "refused by the test");
        }
        return super.onWebsocketHandshakeReceivedAsServer(conn, draft, request);
    }

    @Override
    public void onOpen(WebSocket conn, ClientHandshake handshake) {
        Client c = new Client(conn, handshake.getResourceDescriptor());
        clients.put(conn, c);
        connected.add(c);
    }

    @Override
    public void onMessage(WebSocket conn, String message) {
        FinnhubCodec.Command command = FinnhubCodec.parseCommand(message);
        Client c = clients.get(conn);
        if (command != null && c != null && command.type().equals("subscribe")) {
            c.subscribed.add(command.symbol());
        }
    }

    @Override
    public void onMessage(WebSocket conn, ByteBuffer message) {}

    @Override
    public void onClose(WebSocket conn, int code, String reason, boolean remote) {
        clients.remove(conn);
    }

    @Override
    public void onError(WebSocket conn, Exception ex) {}

    @Override
    public void onStart() {
        started.countDown();
    }

    @Override
    public void close() {
        try {
            stop(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
