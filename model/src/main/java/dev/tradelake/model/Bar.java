package dev.tradelake.model;

import java.math.BigDecimal;
import java.util.Optional;

/**
 * An OHLCV bar of one symbol over the window {@code [windowStartMs, windowStartMs + windowMs)}.
 *
 * <p>Open and close are the first and last trade by (trade time, seq). {@code volume} is the
 * exact decimal sum of the trades' volumes and {@code turnover} the exact sum of price x volume,
 * so VWAP is {@code turnover / volume} ({@link Decimals#vwap}); trades with zero volume count for
 * OHLC and {@code trades} but add nothing to VWAP, and a bar with zero volume has none. Every
 * number is {@link Decimals#canonical}, so two bars of the same trades are equal.
 */
public record Bar(
        String symbol,
        long windowMs,
        long windowStartMs,
        BigDecimal open,
        BigDecimal high,
        BigDecimal low,
        BigDecimal close,
        BigDecimal volume,
        BigDecimal turnover,
        long trades) {

    public Bar {
        open = Decimals.canonical(open);
        high = Decimals.canonical(high);
        low = Decimals.canonical(low);
        close = Decimals.canonical(close);
        volume = Decimals.canonical(volume);
        turnover = Decimals.canonical(turnover);
    }

    /** For literals in tests: see {@link Decimals#of(double)}. */
    public Bar(String symbol, long windowMs, long windowStartMs, double open, double high, double low, double close,
            double volume, double turnover, long trades) {
        this(symbol, windowMs, windowStartMs, Decimals.of(open), Decimals.of(high), Decimals.of(low),
                Decimals.of(close), Decimals.of(volume), Decimals.of(turnover), trades);
    }

    public Optional<BigDecimal> vwap() {
        return volume.signum() > 0 ? Optional.of(Decimals.vwap(turnover, volume)) : Optional.empty();
    }

    public long windowEndMs() {
        return windowStartMs + windowMs;
    }

    /** The bars table's partition key for this bar's series: {@code SPY#1m}. */
    public String series() {
        return BarsTable.series(symbol, windowMs);
    }
}
