package dev.tradelake.local.feed;

import dev.tradelake.model.FeedTrade;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.java_websocket.WebSocket;

/** One client connection and the symbols it subscribed to. */
final class ClientSession {

    enum Subscribed {
        ADDED,
        ALREADY,
        OVER_LIMIT
    }

    final int id;
    final WebSocket socket;
    private final Set<String> symbols = ConcurrentHashMap.newKeySet();
    private final AtomicLong tradeFrames = new AtomicLong();

    ClientSession(int id, WebSocket socket) {
        this.id = id;
        this.socket = socket;
    }

    /** Adds a symbol unless the connection already has {@code limit}; the refused one is not added. */
    synchronized Subscribed subscribe(String symbol, int limit) {
        if (symbols.contains(symbol)) {
            return Subscribed.ALREADY;
        }
        if (symbols.size() >= limit) {
            return Subscribed.OVER_LIMIT;
        }
        symbols.add(symbol);
        return Subscribed.ADDED;
    }

    synchronized boolean unsubscribe(String symbol) {
        return symbols.remove(symbol);
    }

    boolean wants(String symbol) {
        return symbols.contains(symbol);
    }

    boolean isOpen() {
        return socket.isOpen();
    }

    /** Open and subscribed to something: trades can be sent to it. */
    boolean isListening() {
        return socket.isOpen() && !symbols.isEmpty();
    }

    /** The trades this connection subscribed to, in their order. */
    List<FeedTrade> select(List<FeedTrade> trades) {
        List<FeedTrade> mine = new ArrayList<>(trades.size());
        for (FeedTrade t : trades) {
            if (symbols.contains(t.symbol())) {
                mine.add(t);
            }
        }
        return mine;
    }

    /** Counts a trade frame sent on this connection; returns the count so far. */
    long countTradeFrame() {
        return tradeFrames.incrementAndGet();
    }

    @Override
    public String toString() {
        return "client #" + id;
    }
}
