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
 *
 * <p>{@code isFinal}: no trade can change the bar any more (event time has passed its end and the
 * allowed lateness). A bar that is not final may still be completed by later trades.
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
        long trades,
        boolean isFinal) {

    public Bar {
        open = Decimals.canonical(open);
        high = Decimals.canonical(high);
        low = Decimals.canonical(low);
        close = Decimals.canonical(close);
        volume = Decimals.canonical(volume);
        turnover = Decimals.canonical(turnover);
    }

    /** A bar that may still change. */
    public Bar(
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
        this(symbol, windowMs, windowStartMs, open, high, low, close, volume, turnover, trades, false);
    }

    /**
     * Whether this version of a bar may replace {@code stored}: it holds more trades, or as many
     * and it is final while {@code stored} is not. Trades are only ever added to a bar, so this is
     * the rule that keeps a stored bar from going backwards (the bars table's writes apply it as
     * a condition).
     */
    public boolean supersedes(Bar stored) {
        return trades > stored.trades || (trades == stored.trades && isFinal && !stored.isFinal);
    }

    /** The same numbers, final or not. */
    public Bar withFinal(boolean value) {
        return value == isFinal
                ? this
                : new Bar(symbol, windowMs, windowStartMs, open, high, low, close, volume, turnover, trades, value);
    }

    /** For literals in tests: see {@link Decimals#of(double)}. */
    public Bar(
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
        this(
                symbol,
                windowMs,
                windowStartMs,
                Decimals.of(open),
                Decimals.of(high),
                Decimals.of(low),
                Decimals.of(close),
                Decimals.of(volume),
                Decimals.of(turnover),
                trades);
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
