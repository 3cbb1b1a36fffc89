package dev.tradelake.model;

/**
 * The DynamoDB bars table: one item per (symbol, window size, window start), written as an
 * upsert so that a re-emitted or replayed bar overwrites itself.
 *
 * <pre>
 * series (S, partition key: "SPY#1m")  window_start (N, sort key, epoch ms)
 * symbol (S)  window (S, "1m")  window_ms (N)  open high low close (N)  volume (N)
 * turnover (N, sum of price x volume)  vwap (N, absent when volume is 0)  trades (N)  updated_ms (N)
 * final (BOOL)  revision (N)
 * </pre>
 *
 * <p>{@code final} is true once no trade can change the bar (event time passed its end plus the
 * allowed lateness); a bar written earlier (on time, after a late trade, or because its window
 * went quiet) has {@code final} false and may still be completed. {@code revision} counts the
 * writes the item took, 1 for the first. A write only lands over a version with fewer
 * {@code trades} (or the same trades, to set {@code final}), so a stored bar never goes back to
 * an older, partial version: not after a restart from a checkpoint or a savepoint, a fresh start,
 * or a retry that arrives late.
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
    public static final String FINAL = "final";
    public static final String REVISION = "revision";

    private BarsTable() {}

    public static String series(String symbol, long windowMs) {
        return symbol + '#' + WindowSizes.label(windowMs);
    }
}
