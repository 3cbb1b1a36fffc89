package dev.tradelake.flink.lake;

import java.math.BigDecimal;

/**
 * One row of the lake's trades: what the file holds, nothing more (the model's {@code Trade}
 * also carries conditions and the ingest time, and re-checks its decimals, which these already
 * passed in decoding). A Flink POJO; it goes from {@link LakeTrades} to the chained file sink by
 * reference.
 */
public final class LakeTrade {
    public String symbol;
    public long timeMs;
    public int seq;
    public BigDecimal price;
    public BigDecimal volume;

    public LakeTrade() {}

    public LakeTrade(String symbol, long timeMs, int seq, BigDecimal price, BigDecimal volume) {
        this.symbol = symbol;
        this.timeMs = timeMs;
        this.seq = seq;
        this.price = price;
        this.volume = volume;
    }
}
