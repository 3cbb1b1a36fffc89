package dev.tradelake.flink.lake;

import java.math.BigDecimal;

/**
 * Rows of the lake's trades, all of one symbol and one UTC day (one partition): the trades
 * {@code from} (inclusive) to {@code to} (exclusive) of a partial bar's columns, which it shares
 * rather than copies. What the file holds, nothing more (the model's {@code Trade} also carries
 * conditions and the ingest time). One sink element per run of trades, not per trade: the file
 * sink's work per element (its partition, its bucket, its timestamp) is then paid once per
 * record and window. A Flink POJO; it goes from {@link dev.tradelake.flink.LakeTrades} to the
 * chained file sink by reference and is written before the next one is made.
 */
public final class LakeTradeRows {
    public String symbol;
    public long[] timesMs;
    public int[] seqs;
    public BigDecimal[] prices;
    public BigDecimal[] volumes;
    public int from;
    public int to;

    public LakeTradeRows() {}

    public LakeTradeRows(
            String symbol, long[] timesMs, int[] seqs, BigDecimal[] prices, BigDecimal[] volumes, int from, int to) {
        this.symbol = symbol;
        this.timesMs = timesMs;
        this.seqs = seqs;
        this.prices = prices;
        this.volumes = volumes;
        this.from = from;
        this.to = to;
    }

    /** One trade as rows of its own (tests). */
    public static LakeTradeRows of(String symbol, long timeMs, int seq, BigDecimal price, BigDecimal volume) {
        return new LakeTradeRows(
                symbol,
                new long[] {timeMs},
                new int[] {seq},
                new BigDecimal[] {price},
                new BigDecimal[] {volume},
                0,
                1);
    }

    /** The time of the first row: every row is in its day. */
    public long firstTimeMs() {
        return timesMs[from];
    }
}
