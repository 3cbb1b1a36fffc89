package dev.tradelake.model;

import java.util.OptionalDouble;

/**
 * An OHLCV bar of one symbol over the window {@code [windowStartMs, windowStartMs + windowMs)}.
 *
 * <p>Open and close are the first and last trade by (trade time, seq). {@code turnover} is the
 * sum of price x volume, so VWAP is {@code turnover / volume}; trades with zero volume count for
 * OHLC and {@code trades} but add nothing to VWAP, and a bar with zero volume has none.
 */
public record Bar(
        String symbol,
        long windowMs,
        long windowStartMs,
        double open,
        double high,
        double low,
        double close,
        double volume,
        double turnover,
        long trades) {

    public OptionalDouble vwap() {
        return volume > 0 ? OptionalDouble.of(turnover / volume) : OptionalDouble.empty();
    }

    public long windowEndMs() {
        return windowStartMs + windowMs;
    }

    /** The bars table's partition key for this bar's series: {@code SPY#1m}. */
    public String series() {
        return BarsTable.series(symbol, windowMs);
    }
}
