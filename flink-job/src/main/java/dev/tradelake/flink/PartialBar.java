package dev.tradelake.flink;

import java.math.BigDecimal;
import java.util.Arrays;

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
    /**
     * The trades folded in, column by column (null when not kept): {@link DropDuplicateTrades}
     * needs their ids to count each trade once, and their values to fold again what is left
     * when only some of them were seen before.
     */
    public long[] tradeTimes;

    public int[] tradeSeqs;
    public BigDecimal[] tradePrices;
    public BigDecimal[] tradeVolumes;

    public PartialBar() {}

    public PartialBar(String symbol) {
        this.symbol = symbol;
    }

    /** A partial bar of a single trade. */
    public static PartialBar ofTrade(String symbol, long timeMs, int seq, BigDecimal price, BigDecimal volume) {
        PartialBar bar = new PartialBar(symbol);
        bar.add(timeMs, seq, price, volume);
        return bar;
    }

    /** Folds a trade in and keeps its columns; {@code capacity} is how many trades may come. */
    public void addKept(long timeMs, int seq, BigDecimal price, BigDecimal volume, int capacity) {
        if (tradeTimes == null) {
            tradeTimes = new long[capacity];
            tradeSeqs = new int[capacity];
            tradePrices = new BigDecimal[capacity];
            tradeVolumes = new BigDecimal[capacity];
        }
        int i = (int) trades;
        tradeTimes[i] = timeMs;
        tradeSeqs[i] = seq;
        tradePrices[i] = price;
        tradeVolumes[i] = volume;
        add(timeMs, seq, price, volume);
    }

    /** The columns cut to the trades held (a record's partial bar is sized for the whole record). */
    public void trimKept() {
        int n = (int) trades;
        if (tradeTimes != null && tradeTimes.length != n) {
            tradeTimes = Arrays.copyOf(tradeTimes, n);
            tradeSeqs = Arrays.copyOf(tradeSeqs, n);
            tradePrices = Arrays.copyOf(tradePrices, n);
            tradeVolumes = Arrays.copyOf(tradeVolumes, n);
        }
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
