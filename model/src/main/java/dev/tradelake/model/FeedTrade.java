package dev.tradelake.model;

import java.util.List;

/**
 * One trade exactly as the Finnhub feed describes it: no identity yet.
 *
 * @param symbol     the instrument, 1 to {@value TradeRules#MAX_SYMBOL_LENGTH} characters
 * @param timeMs     trade time, epoch milliseconds (UTC)
 * @param price      finite and greater than zero
 * @param volume     finite and zero or more (crypto volumes are fractional, FX updates carry 0)
 * @param conditions the feed's sale-condition codes, possibly empty, never null
 */
public record FeedTrade(String symbol, long timeMs, double price, double volume, List<String> conditions) {

    public FeedTrade {
        conditions = List.copyOf(conditions);
    }

    /** Gives this trade its identity: the {@code seq}-th trade of its symbol in its millisecond. */
    public Trade identify(int seq, long ingestMs) {
        return new Trade(symbol, timeMs, seq, price, volume, conditions, ingestMs);
    }
}
