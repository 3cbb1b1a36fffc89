package dev.tradelake.local.feed;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Who is connected and what they subscribed to, and a signal that wakes the playback thread when
 * that changes (so it resumes as soon as a client is back instead of polling slowly).
 */
final class Audience {

    /** Upper bound of one wait, so a missed wake-up costs at most this much delay. */
    private static final long MAX_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final Set<ClientSession> sessions = ConcurrentHashMap.newKeySet();
    private final Object signal = new Object();
    private volatile long lastSubscriptionChangeNanos = System.nanoTime();

    void joined(ClientSession session) {
        sessions.add(session);
        wake();
    }

    void left(ClientSession session) {
        sessions.remove(session);
        wake();
    }

    /**
     * Subscribes a connection to a symbol. The change is stamped before the symbol becomes
     * visible, so playback never sees a new listener with an old, long-quiet timestamp.
     */
    ClientSession.Subscribed subscribe(ClientSession session, String symbol, int limit) {
        lastSubscriptionChangeNanos = System.nanoTime();
        ClientSession.Subscribed result = session.subscribe(symbol, limit);
        if (result == ClientSession.Subscribed.ADDED) {
            lastSubscriptionChangeNanos = System.nanoTime();
            wake();
        }
        return result;
    }

    void unsubscribe(ClientSession session, String symbol) {
        if (session.unsubscribe(symbol)) {
            lastSubscriptionChangeNanos = System.nanoTime();
            wake();
        }
    }

    /** Every open connection. */
    List<ClientSession> open() {
        return sessions.stream().filter(ClientSession::isOpen).toList();
    }

    /** The open connections subscribed to at least one symbol. */
    List<ClientSession> listening() {
        return sessions.stream().filter(ClientSession::isListening).toList();
    }

    boolean isListening() {
        return sessions.stream().anyMatch(ClientSession::isListening);
    }

    /** True when the open connections together subscribe to every one of {@code symbols}. */
    boolean covers(Set<String> symbols) {
        List<ClientSession> listening = listening();
        return symbols.stream().allMatch(symbol -> listening.stream().anyMatch(s -> s.wants(symbol)));
    }

    /** How long no subscription has changed on any connection. */
    long quietNanos(long nowNanos) {
        return nowNanos - lastSubscriptionChangeNanos;
    }

    /** Sleeps up to {@code nanos} (at most {@link #MAX_WAIT_NANOS}), less if the audience changes. */
    void await(long nanos) throws InterruptedException {
        long bounded = Math.max(1, Math.min(nanos, MAX_WAIT_NANOS));
        synchronized (signal) {
            TimeUnit.NANOSECONDS.timedWait(signal, bounded);
        }
    }

    void wake() {
        synchronized (signal) {
            signal.notifyAll();
        }
    }
}
