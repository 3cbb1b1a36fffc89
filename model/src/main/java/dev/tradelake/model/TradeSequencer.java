package dev.tradelake.model;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Gives each received trade its identity: its rank among the trades of the same symbol and
 * millisecond, in arrival order (see {@link Trade}). Deterministic: the same frames in the same
 * order get the same ids, which is what makes every downstream retry idempotent.
 *
 * <p>Memory is bounded: per symbol it remembers the counters of the last
 * {@value #REMEMBERED_MILLIS} distinct milliseconds, far more than any feed's reordering.
 * Not thread-safe: one sequencer serves one feed connection.
 */
public final class TradeSequencer {

    static final int REMEMBERED_MILLIS = 4096;

    private final Map<String, Map<Long, Integer>> nextSeqBySymbol = new HashMap<>();

    public Trade identify(FeedTrade trade, long ingestMs) {
        Map<Long, Integer> nextSeq = nextSeqBySymbol.computeIfAbsent(trade.symbol(), s -> newWindow());
        int seq = nextSeq.merge(trade.timeMs(), 1, Integer::sum) - 1;
        return trade.identify(seq, ingestMs);
    }

    private static Map<Long, Integer> newWindow() {
        return new LinkedHashMap<>(64, 0.75f, false) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, Integer> eldest) {
                return size() > REMEMBERED_MILLIS;
            }
        };
    }
}
