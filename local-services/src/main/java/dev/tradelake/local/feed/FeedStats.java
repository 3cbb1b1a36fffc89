package dev.tradelake.local.feed;

import dev.tradelake.model.FeedTrade;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the local feed has done so far, live. A trade sent to two connections counts twice in
 * {@link #tradesSent()}; a trade no open connection subscribed to counts once in
 * {@link #tradesSkipped()}.
 */
public final class FeedStats {

    private final LongAdder framesSent = new LongAdder();
    private final LongAdder tradesSent = new LongAdder();
    private final Map<String, LongAdder> tradesBySymbol = new ConcurrentHashMap<>();
    private final LongAdder tradesSkipped = new LongAdder();
    private final LongAdder pingsSent = new LongAdder();
    private final LongAdder errorsSent = new LongAdder();
    private final LongAdder connectionsAccepted = new LongAdder();
    private final LongAdder connectionsDropped = new LongAdder();

    void frameSent(List<FeedTrade> trades) {
        framesSent.increment();
        tradesSent.add(trades.size());
        for (FeedTrade t : trades) {
            tradesBySymbol.computeIfAbsent(t.symbol(), s -> new LongAdder()).increment();
        }
    }

    void tradeSkipped() {
        tradesSkipped.increment();
    }

    void pingSent() {
        pingsSent.increment();
    }

    void errorSent() {
        errorsSent.increment();
    }

    void connectionAccepted() {
        connectionsAccepted.increment();
    }

    void connectionDropped() {
        connectionsDropped.increment();
    }

    /** Trade frames written to connections (pings and errors not included). */
    public long framesSent() {
        return framesSent.sum();
    }

    public long tradesSent() {
        return tradesSent.sum();
    }

    public long tradesSent(String symbol) {
        LongAdder n = tradesBySymbol.get(symbol);
        return n == null ? 0 : n.sum();
    }

    /** Trades sent per symbol, sorted by symbol; a snapshot. */
    public Map<String, Long> tradesSentBySymbol() {
        Map<String, Long> snapshot = new TreeMap<>();
        tradesBySymbol.forEach((symbol, n) -> snapshot.put(symbol, n.sum()));
        return snapshot;
    }

    /** Trades of symbols no open connection was subscribed to when they were due. */
    public long tradesSkipped() {
        return tradesSkipped.sum();
    }

    public long pingsSent() {
        return pingsSent.sum();
    }

    /** Error frames sent, e.g. for a subscription past the symbol limit. */
    public long errorsSent() {
        return errorsSent.sum();
    }

    public long connectionsAccepted() {
        return connectionsAccepted.sum();
    }

    /** Connections closed on purpose by {@link LocalFinnhubFeed#dropConnections()} or the drop-after-frames option. */
    public long connectionsDropped() {
        return connectionsDropped.sum();
    }

    @Override
    public String toString() {
        return "frames=" + framesSent() + " trades=" + tradesSent() + " skipped=" + tradesSkipped()
                + " pings=" + pingsSent() + " errors=" + errorsSent() + " connections=" + connectionsAccepted()
                + " dropped=" + connectionsDropped();
    }
}
