package dev.tradelake.model;

import java.util.List;

/** One text frame of the Finnhub WebSocket feed, parsed. See {@link FinnhubCodec#parse}. */
public sealed interface FinnhubFrame {

    /**
     * A {@code trade} message: the trades that passed {@link TradeRules} and, separately, the
     * entries that did not. One bad entry never costs the good ones of the same frame.
     */
    record Trades(List<FeedTrade> trades, List<Rejection> rejected) implements FinnhubFrame {
        public Trades {
            trades = List.copyOf(trades);
            rejected = List.copyOf(rejected);
        }
    }

    /** A keep-alive; proves the socket is alive. */
    record Ping() implements FinnhubFrame {}

    /** The feed's own error message, for example about too many symbols. */
    record Error(String message) implements FinnhubFrame {}

    /** A whole frame refused: broken JSON, oversized, not a message, unknown type. */
    record Rejected(Rejection rejection) implements FinnhubFrame {}
}
