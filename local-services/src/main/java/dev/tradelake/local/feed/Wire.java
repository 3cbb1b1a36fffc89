package dev.tradelake.local.feed;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.java_websocket.WebSocket;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.exceptions.WebsocketNotConnectedException;
import org.java_websocket.framing.CloseFrame;

/**
 * Everything the feed writes goes through here, under one lock: trade batches, pings, error
 * replies, drops and silences. Holding the lock for a whole batch means a drop or a silence
 * always falls between frames, never in the middle of a batch, and a drop first lets the
 * connection's queued frames reach the socket, so a test that drops a client loses only what the
 * client itself had not read yet.
 */
final class Wire {

    private final ReentrantLock lock = new ReentrantLock();
    private final Duration flushTimeout;
    private volatile long silentUntilNanos = System.nanoTime();

    Wire(Duration flushTimeout) {
        this.flushTimeout = flushTimeout;
    }

    void lock() {
        lock.lock();
    }

    void unlock() {
        lock.unlock();
    }

    boolean isSilent() {
        return silenceLeftNanos() > 0;
    }

    long silenceLeftNanos() {
        return silentUntilNanos - System.nanoTime();
    }

    /** Sends one frame, caller holding the lock; false when the connection closed meanwhile. */
    boolean send(ClientSession session, String frame) {
        try {
            session.socket.send(frame);
            return true;
        } catch (WebsocketNotConnectedException e) {
            return false; // the client went away between the check and the send: nothing to do
        }
    }

    /** Sends one frame unless the feed is silent; for pings and error replies. */
    boolean sendUnlessSilent(ClientSession session, String frame) {
        lock();
        try {
            return !isSilent() && send(session, frame);
        } finally {
            unlock();
        }
    }

    /** From now on nothing is written for {@code duration}; returns once what was queued reached the sockets. */
    void silence(Duration duration, Collection<ClientSession> sessions) {
        lock();
        try {
            silentUntilNanos = System.nanoTime() + duration.toNanos();
            for (ClientSession s : sessions) {
                awaitFlushed(s.socket);
            }
        } finally {
            unlock();
        }
    }

    /**
     * Closes the TCP connection without a WebSocket close handshake, as a network failure would:
     * the client sees an abnormal close (1006). Queued frames are flushed to the socket first.
     */
    void drop(ClientSession session, String reason) {
        lock();
        try {
            awaitFlushed(session.socket);
            session.socket.closeConnection(CloseFrame.ABNORMAL_CLOSE, reason);
        } finally {
            unlock();
        }
    }

    /** Waits, up to the flush timeout, until the library has handed every queued frame to the socket. */
    void awaitFlushed(WebSocket socket) {
        long deadline = System.nanoTime() + flushTimeout.toNanos();
        while (socket.isOpen() && socket.hasBufferedData() && System.nanoTime() - deadline < 0) {
            if (!sleepBriefly()) {
                return; // closing down: the flush no longer matters
            }
        }
    }

    /** Bytes queued in the library for this connection and not yet written to the socket. */
    static long bufferedBytes(WebSocket socket) {
        if (!(socket instanceof WebSocketImpl impl)) {
            return 0;
        }
        long bytes = 0;
        for (ByteBuffer b : impl.outQueue) { // weakly consistent: the selector thread drains it meanwhile
            bytes += b.remaining();
        }
        return bytes;
    }

    private static boolean sleepBriefly() {
        try {
            TimeUnit.MILLISECONDS.sleep(1);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
