package dev.tradelake.flink;

import java.math.BigDecimal;

/**
 * Some trades of one symbol folded together, all within one window of every configured size:
 * what the job shuffles by symbol instead of single trades.
 *
 * <p>Decoding folds the trades of each record (one symbol, up to 500 trades, in the order the
 * ingest received them) into one partial bar per window of the greatest common divisor of the
 * window sizes, so each partial bar lies inside exactly one window of each size. The windows then
 * merge partial bars instead of adding trades: the same bars, with a fraction of the records
 * crossing the network and of the state updates. Its event time is its last trade's time.
 *
 * <p>A Flink POJO: {@link BarAccumulator}'s fields plus the symbol.
 */
public final class PartialBar extends BarAccumulator {
    public String symbol;

    public PartialBar() {
    }

    public PartialBar(String symbol) {
        this.symbol = symbol;
    }

    /** A partial bar of a single trade. */
    public static PartialBar ofTrade(String symbol, long timeMs, int seq, BigDecimal price, BigDecimal volume) {
        PartialBar bar = new PartialBar(symbol);
        bar.add(timeMs, seq, price, volume);
        return bar;
    }

    /** The event time: the time of the last trade (trade times within it may be out of order). */
    public long timestampMs() {
        return closeTimeMs;
    }

    @Override
    public String toString() {
        return trades + " trade(s) of " + symbol + " from " + openTimeMs + " to " + closeTimeMs;
    }
}
