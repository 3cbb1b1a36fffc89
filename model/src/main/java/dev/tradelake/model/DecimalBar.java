package dev.tradelake.model;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;

/**
 * A bar of one symbol over {@code [windowStartMs, windowEndMs)} with its numbers as exact decimals,
 * as the bars table stores them (DynamoDB numbers are decimal text): what queries and the
 * dashboard read, and what {@link BarRollup} sums without rounding.
 *
 * <p>The end is explicit because a day in a time zone is not always 24 hours long.
 * {@code turnover} is the sum of price x volume, so VWAP is {@code turnover / volume}; a bar with
 * zero volume has none. A {@code filled} bar stands for a period without trades (see
 * {@link BarRollup#fill}): its prices are the last close before it, its volume and trades 0.
 */
public record DecimalBar(
        String symbol,
        long windowStartMs,
        long windowEndMs,
        BigDecimal open,
        BigDecimal high,
        BigDecimal low,
        BigDecimal close,
        BigDecimal volume,
        BigDecimal turnover,
        long trades,
        boolean filled) {

    public DecimalBar {
        Objects.requireNonNull(symbol, "symbol");
        Objects.requireNonNull(open, "open");
        Objects.requireNonNull(high, "high");
        Objects.requireNonNull(low, "low");
        Objects.requireNonNull(close, "close");
        Objects.requireNonNull(volume, "volume");
        Objects.requireNonNull(turnover, "turnover");
        if (windowEndMs <= windowStartMs) {
            throw new IllegalArgumentException(
                    "bar window ends before it starts: " + windowStartMs + ".." + windowEndMs);
        }
    }

    /** A bar as the Flink job emits it, with trades. */
    public static DecimalBar of(Bar bar) {
        return new DecimalBar(
                bar.symbol(),
                bar.windowStartMs(),
                bar.windowEndMs(),
                bar.open(),
                bar.high(),
                bar.low(),
                bar.close(),
                bar.volume(),
                bar.turnover(),
                bar.trades(),
                false);
    }

    /** A period without trades: every price the last close, volume and trades 0, no VWAP. */
    public static DecimalBar filled(String symbol, long windowStartMs, long windowEndMs, BigDecimal lastClose) {
        return new DecimalBar(
                symbol,
                windowStartMs,
                windowEndMs,
                lastClose,
                lastClose,
                lastClose,
                lastClose,
                BigDecimal.ZERO,
                BigDecimal.ZERO,
                0,
                true);
    }

    /** To {@link Decimals#vwap}'s precision, as the bars the job stores: a rollup of one bar is that bar. */
    public Optional<BigDecimal> vwap() {
        return volume.signum() > 0
                ? Optional.of(Decimals.canonical(Decimals.vwap(turnover, volume)))
                : Optional.empty();
    }

    public long windowMs() {
        return windowEndMs - windowStartMs;
    }
}
