package dev.tradelake.model;

/**
 * The DynamoDB bars table: one item per (symbol, window size, window start), written as an
 * upsert so that a re-emitted or replayed bar overwrites itself.
 *
 * <pre>
 * series (S, partition key: "SPY#1m")  window_start (N, sort key, epoch ms)
 * symbol (S)  window (S, "1m")  window_ms (N)  open high low close (N)  volume (N)
 * turnover (N, sum of price x volume)  vwap (N, absent when volume is 0)  trades (N)  updated_ms (N)
 * </pre>
 *
 * <p>Numbers are exact decimals ({@link Decimals}): prices as the feed sent them, {@code volume}
 * the exact sum of the trades' volumes, {@code turnover} the exact sum of price x volume (rounded
 * half-even only past DynamoDB's 38 significant digits), {@code vwap} = turnover / volume to 20
 * significant digits. Each is written as its shortest decimal text ({@code 1000}, not
 * {@code 1000.0000000001}).
 */
public final class BarsTable {
    public static final String PARTITION_KEY = "series";
    public static final String SORT_KEY = "window_start";
    public static final String SYMBOL = "symbol";
    public static final String WINDOW = "window";
    public static final String WINDOW_MS = "window_ms";
    public static final String OPEN = "open";
    public static final String HIGH = "high";
    public static final String LOW = "low";
    public static final String CLOSE = "close";
    public static final String VOLUME = "volume";
    public static final String TURNOVER = "turnover";
    public static final String VWAP = "vwap";
    public static final String TRADES = "trades";
    public static final String UPDATED_MS = "updated_ms";

    private BarsTable() {
    }

    public static String series(String symbol, long windowMs) {
        return symbol + '#' + WindowSizes.label(windowMs);
    }
}
