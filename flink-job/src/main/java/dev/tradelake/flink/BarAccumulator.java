package dev.tradelake.flink;

import dev.tradelake.model.Bar;
import java.math.BigDecimal;

/**
 * A bar being built, one trade at a time: O(1) space whatever the window holds. Open and close
 * are the first and last trade by (time, seq), so the arrival order does not matter; a trade of
 * zero volume moves open, high, low, close and the count but adds nothing to volume or turnover.
 *
 * <p>Prices and sums are exact decimals: {@code volume} is the exact sum of the trades' volumes and
 * {@code turnover} the exact sum of price x volume, whatever the order of adds and merges.
 * {@link BigDecimal} keeps values that fit a {@code long} unscaled on its fast path, which a
 * feed's prices, volumes and their sums do.
 *
 * <p>A Flink POJO (public fields, no-arg constructor) so that window state is serialized without Kryo.
 * Not final: {@link PartialBar} is one with a symbol.
 */
public class BarAccumulator {
    public long trades;
    public long openTimeMs;
    public int openSeq;
    public BigDecimal open;
    public long closeTimeMs;
    public int closeSeq;
    public BigDecimal close;
    public BigDecimal high;
    public BigDecimal low;
    public BigDecimal volume = BigDecimal.ZERO;
    /** Sum of price x volume: VWAP is turnover / volume. */
    public BigDecimal turnover = BigDecimal.ZERO;

    public BarAccumulator() {}

    public BarAccumulator add(long timeMs, int seq, BigDecimal price, BigDecimal size) {
        if (trades == 0) {
            openTimeMs = closeTimeMs = timeMs;
            openSeq = closeSeq = seq;
            open = close = high = low = price;
        } else {
            if (isBefore(timeMs, seq, openTimeMs, openSeq)) {
                openTimeMs = timeMs;
                openSeq = seq;
                open = price;
            }
            if (isBefore(closeTimeMs, closeSeq, timeMs, seq)) {
                closeTimeMs = timeMs;
                closeSeq = seq;
                close = price;
            }
            if (price.compareTo(high) > 0) {
                high = price;
            }
            if (price.compareTo(low) < 0) {
                low = price;
            }
        }
        trades++;
        if (size.signum() != 0) {
            volume = volume.add(size);
            turnover = turnover.add(price.multiply(size));
        }
        return this;
    }

    /** Folds {@code other} (trades of the same symbol and window) into this one. */
    public BarAccumulator merge(BarAccumulator other) {
        if (other.trades == 0) {
            return this;
        }
        if (trades == 0) {
            copyFrom(other);
            return this;
        }
        if (isBefore(other.openTimeMs, other.openSeq, openTimeMs, openSeq)) {
            openTimeMs = other.openTimeMs;
            openSeq = other.openSeq;
            open = other.open;
        }
        if (isBefore(closeTimeMs, closeSeq, other.closeTimeMs, other.closeSeq)) {
            closeTimeMs = other.closeTimeMs;
            closeSeq = other.closeSeq;
            close = other.close;
        }
        high = high.max(other.high);
        low = low.min(other.low);
        trades += other.trades;
        volume = volume.add(other.volume);
        turnover = turnover.add(other.turnover);
        return this;
    }

    public Bar toBar(String symbol, long windowMs, long windowStartMs) {
        return toBar(symbol, windowMs, windowStartMs, false);
    }

    public Bar toBar(String symbol, long windowMs, long windowStartMs, boolean isFinal) {
        if (trades == 0) {
            throw new IllegalStateException("no trade in the bar of " + symbol + " at " + windowStartMs);
        }
        return new Bar(symbol, windowMs, windowStartMs, open, high, low, close, volume, turnover, trades, isFinal);
    }

    private void copyFrom(BarAccumulator o) {
        trades = o.trades;
        openTimeMs = o.openTimeMs;
        openSeq = o.openSeq;
        open = o.open;
        closeTimeMs = o.closeTimeMs;
        closeSeq = o.closeSeq;
        close = o.close;
        high = o.high;
        low = o.low;
        volume = o.volume;
        turnover = o.turnover;
    }

    private static boolean isBefore(long timeA, int seqA, long timeB, int seqB) {
        return timeA < timeB || (timeA == timeB && seqA < seqB);
    }
}
