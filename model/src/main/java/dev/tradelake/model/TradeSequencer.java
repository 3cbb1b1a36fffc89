package dev.tradelake.model;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Gives each received trade its identity: its rank among the trades of the same symbol and
 * millisecond, in arrival order (see {@link Trade}). Deterministic: the same frames in the same
 * order get the same ids, which is what makes every downstream retry idempotent.
 *
 * <p>Ids never collide, however late a trade arrives. Per symbol it counts the trades of the
 * last {@value #REMEMBERED_MILLIS} distinct milliseconds exactly (ranks 0, 1, 2, ...). A trade
 * for a millisecond it no longer remembers (at or before the latest forgotten one) may belong
 * to a millisecond whose ranks are already taken, so it takes a rank from the symbol's late
 * range instead: {@value #LATE_BASE} plus a counter that only grows, unique within the symbol
 * whatever the millisecond. Memory stays bounded: a window and two numbers per symbol.
 *
 * <p>After a restart, {@link #observe(Trade)} every trade the journal holds, in journal order,
 * and ids continue where the journal left off. Not thread-safe: one sequencer serves one feed.
 */
public final class TradeSequencer {

    static final int REMEMBERED_MILLIS = 4096;
    /** First rank of the late range; no millisecond of one symbol holds this many trades. */
    public static final int LATE_BASE = 500_000;

    private final Map<String, SymbolRanks> bySymbol = new HashMap<>();

    /**
     * The trade with its id. Throws {@link IllegalStateException} when the symbol's late range is
     * used up ({@code MAX_SEQ - LATE_BASE + 1} late trades in one sequencer's life): refusing is
     * better than reusing an id.
     */
    public Trade identify(FeedTrade trade, long ingestMs) {
        return trade.identify(ranks(trade.symbol()).next(trade.timeMs()), ingestMs);
    }

    /** Takes note of a trade identified earlier (by this sequencer or one before a restart). */
    public void observe(Trade trade) {
        ranks(trade.symbol()).observe(trade.timeMs(), trade.seq());
    }

    /**
     * After a restart from a journal whose older entries are gone: every millisecond of the symbol
     * up to {@code lastTimeMs} counts as possibly taken, and late ranks continue from
     * {@code nextLate}. Both only ever move forward.
     */
    public void resumeAfter(String symbol, long lastTimeMs, int nextLate) {
        SymbolRanks ranks = ranks(symbol);
        ranks.forgottenUpToMs = Math.max(ranks.forgottenUpToMs, lastTimeMs);
        ranks.nextLate = Math.max(ranks.nextLate, nextLate);
    }

    private SymbolRanks ranks(String symbol) {
        return bySymbol.computeIfAbsent(symbol, s -> new SymbolRanks());
    }

    private static final class SymbolRanks {
        private long forgottenUpToMs = -1;
        private int nextLate = LATE_BASE;
        private final Map<Long, Integer> nextRank = new LinkedHashMap<>(64, 0.75f, false) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, Integer> eldest) {
                if (size() > REMEMBERED_MILLIS) {
                    forgottenUpToMs = Math.max(forgottenUpToMs, eldest.getKey());
                    return true;
                }
                return false;
            }
        };

        int next(long timeMs) {
            Integer rank = nextRank.get(timeMs);
            if (rank == null && timeMs <= forgottenUpToMs || rank != null && rank >= LATE_BASE) {
                return nextLate();
            }
            int seq = rank == null ? 0 : rank;
            nextRank.put(timeMs, seq + 1);
            return seq;
        }

        private int nextLate() {
            if (nextLate > TradeRules.MAX_SEQ) {
                throw new IllegalStateException("no trade id left in the late range");
            }
            return nextLate++;
        }

        void observe(long timeMs, int seq) {
            if (seq >= LATE_BASE) {
                nextLate = Math.max(nextLate, seq + 1);
                return;
            }
            Integer rank = nextRank.get(timeMs);
            if (rank == null && timeMs <= forgottenUpToMs) {
                return;
            }
            nextRank.put(timeMs, Math.max(rank == null ? 0 : rank, seq + 1));
        }
    }
}
