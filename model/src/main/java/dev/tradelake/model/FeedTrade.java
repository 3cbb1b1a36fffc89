package dev.tradelake.model;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/**
 * One trade exactly as the Finnhub feed describes it: no identity yet.
 *
 * @param symbol     the instrument, 1 to {@value TradeRules#MAX_SYMBOL_LENGTH} characters
 * @param timeMs     trade time, epoch milliseconds (UTC)
 * @param price      greater than zero, the exact decimal sent ({@link Decimals#canonical})
 * @param volume     zero or more (crypto volumes are fractional, FX updates carry 0), exact likewise
 * @param conditions the feed's sale-condition codes, possibly empty, never null
 */
public record FeedTrade(String symbol, long timeMs, BigDecimal price, BigDecimal volume, List<String> conditions) {

    public FeedTrade {
        price = Decimals.canonical(Objects.requireNonNull(price, "price"));
        volume = Decimals.canonical(Objects.requireNonNull(volume, "volume"));
        conditions = List.copyOf(conditions);
    }

    /** For literals in tests and synthetic data: see {@link Decimals#of(double)}. */
    public FeedTrade(String symbol, long timeMs, double price, double volume, List<String> conditions) {
        this(symbol, timeMs, Decimals.of(price), Decimals.of(volume), conditions);
    }

    /** Gives this trade its identity: the {@code seq}-th trade of its symbol in its millisecond. */
    public Trade identify(int seq, long ingestMs) {
        return new Trade(symbol, timeMs, seq, price, volume, conditions, ingestMs);
    }
}
