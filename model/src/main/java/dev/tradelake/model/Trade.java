package dev.tradelake.model;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/**
 * A trade with its identity, as it travels from the ingest to every store.
 *
 * <p>Finnhub sends no trade id and same-millisecond trades, exact copies included, are real
 * and common. The ingest numbers the trades of each (symbol, millisecond) in the order it
 * receives them ({@code seq} = 0, 1, 2, ...). {@link #id()} is therefore unique and
 * deterministic: replaying the same frames gives the same ids, so every downstream retry or
 * redelivery overwrites instead of duplicating, and {@code seq} breaks ties between trades of
 * one millisecond in the order the exchange printed them.
 *
 * <p>Price and volume are the exact decimals the feed sent ({@link Decimals#canonical}: equal
 * numbers are equal).
 *
 * @param ingestMs when the ingest received the frame, epoch milliseconds (for latency)
 */
public record Trade(
        String symbol,
        long timeMs,
        int seq,
        BigDecimal price,
        BigDecimal volume,
        List<String> conditions,
        long ingestMs) {

    public Trade {
        price = Decimals.canonical(Objects.requireNonNull(price, "price"));
        volume = Decimals.canonical(Objects.requireNonNull(volume, "volume"));
        conditions = List.copyOf(conditions);
    }

    /** For literals in tests and synthetic data: see {@link Decimals#of(double)}. */
    public Trade(
            String symbol, long timeMs, int seq, double price, double volume, List<String> conditions, long ingestMs) {
        this(symbol, timeMs, seq, Decimals.of(price), Decimals.of(volume), conditions, ingestMs);
    }

    public TradeId id() {
        return new TradeId(symbol, timeMs, seq);
    }

    /** Orders trades of one symbol as the exchange printed them: by time, then by seq. */
    public boolean isBefore(Trade other) {
        return timeMs < other.timeMs || (timeMs == other.timeMs && seq < other.seq);
    }
}
