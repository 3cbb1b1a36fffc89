package dev.tradelake.model;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What makes a trade valid, in one place: the feed codec and the record codec both apply it,
 * so a trade that passed the ingest also passes every consumer.
 */
public final class TradeRules {

    public static final int MAX_SYMBOL_LENGTH = 64;
    /**
     * The largest 13-digit epoch-milliseconds time (2286-11-20T17:46:39.999Z), as the sort key's
     * fixed width assumes: a later time would make the key longer and break its text order.
     */
    public static final long MAX_TIME_MS = 9_999_999_999_999L;

    public static final int MAX_SEQ = 999_999;

    private TradeRules() {}

    /** Returns null when the symbol is valid, else the reason. */
    public static Rejection checkSymbol(String symbol) {
        if (symbol == null) {
            return new Rejection(RejectReason.BAD_SYMBOL, "s is missing or not a string");
        }
        if (symbol.isEmpty() || symbol.length() > MAX_SYMBOL_LENGTH) {
            return new Rejection(
                    RejectReason.BAD_SYMBOL,
                    "s must have 1 to " + MAX_SYMBOL_LENGTH + " characters, has " + symbol.length());
        }
        return null;
    }

    public static Rejection checkPrice(BigDecimal price) {
        if (price == null || price.signum() <= 0) {
            return new Rejection(RejectReason.BAD_PRICE, "p must be a number > 0, was " + price);
        }
        return storable("p", price);
    }

    public static Rejection checkVolume(BigDecimal volume) {
        if (volume == null || volume.signum() < 0) {
            return new Rejection(RejectReason.BAD_VOLUME, "v must be a number >= 0, was " + volume);
        }
        return storable("v", volume);
    }

    private static Rejection storable(String field, BigDecimal value) {
        return Decimals.storable(value)
                ? null
                : new Rejection(
                        RejectReason.NUMBER_OUT_OF_RANGE,
                        field + " must be 0 or of magnitude 1e-130 to 9.99e125" + " with at most " + Decimals.MAX_DIGITS
                                + " significant digits (DynamoDB's numbers), was " + value);
    }

    /**
     * A bar sums its trades' price x volume; with each below this, a bar's turnover stays inside
     * DynamoDB's range (9.99e125) for up to 1e25 trades.
     */
    public static final BigDecimal MAX_TRADE_TURNOVER = BigDecimal.ONE.scaleByPowerOfTen(100);

    /** price and volume must each be valid already. */
    public static Rejection checkTurnover(BigDecimal price, BigDecimal volume) {
        // magnitude < 10^(precision - scale): most trades are decided without multiplying
        int exponents = price.precision() - price.scale() + volume.precision() - volume.scale();
        if (volume.signum() == 0 || exponents <= 100 || price.multiply(volume).compareTo(MAX_TRADE_TURNOVER) <= 0) {
            return null;
        }
        return new Rejection(
                RejectReason.TURNOVER_OVERFLOW,
                "p x v must be at most 1e100, was " + price.multiply(volume).round(Decimals.VWAP));
    }

    /**
     * How far a trade's time may be ahead of the clock of whoever processes it. Exchange and
     * ingest clocks differ by far less; a trade stamped later would drag event time ahead and
     * make every trade after it late.
     */
    public static final long MAX_AHEAD_MS = 15 * 60_000L;

    public static Rejection checkNotAhead(long timeMs, long nowMs) {
        return timeMs - nowMs <= MAX_AHEAD_MS
                ? null
                : new Rejection(
                        RejectReason.FUTURE_TIME,
                        "t is " + (timeMs - nowMs) / 1000 + " s after the processing time " + nowMs + "; at most "
                                + MAX_AHEAD_MS / 1000 + " s allowed");
    }

    public static Rejection checkTime(long timeMs) {
        return timeMs >= 0 && timeMs <= MAX_TIME_MS
                ? null
                : new Rejection(
                        RejectReason.BAD_TIME,
                        "t must be epoch milliseconds in [0, " + MAX_TIME_MS + "], was " + timeMs);
    }

    /** The first rule the trade breaks, or null. */
    public static Rejection check(String symbol, long timeMs, BigDecimal price, BigDecimal volume) {
        Rejection r = checkSymbol(symbol);
        if (r == null) {
            r = checkPrice(price);
        }
        if (r == null) {
            r = checkVolume(volume);
        }
        if (r == null) {
            r = checkTurnover(price, volume);
        }
        if (r == null) {
            r = checkTime(timeMs);
        }
        return r;
    }

    /**
     * Condition codes on one trade, at most, and characters in one code. Finnhub's codes are one
     * or two digits and a trade carries a handful; the bounds keep one trade far inside one
     * Kinesis record (at most about 5 KiB of conditions escaped), so a single trade always fits.
     */
    public static final int MAX_CONDITIONS = 32;

    public static final int MAX_CONDITION_LENGTH = 16;
    /** Kinesis refuses a record whose data and partition key together exceed 1 MiB. */
    public static final int MAX_RECORD_BYTES = 1 << 20;

    /** Returns null when the condition codes are within the size rules, else the reason. */
    public static Rejection checkConditions(List<String> conditions) {
        if (conditions.size() > MAX_CONDITIONS) {
            return new Rejection(
                    RejectReason.BAD_CONDITIONS,
                    "c has " + conditions.size() + " codes, at most " + MAX_CONDITIONS + " are allowed");
        }
        for (String c : conditions) {
            if (c.length() > MAX_CONDITION_LENGTH) {
                return new Rejection(
                        RejectReason.BAD_CONDITIONS,
                        "a code of c has " + c.length() + " characters, at most " + MAX_CONDITION_LENGTH);
            }
        }
        return null;
    }

    /** Returns null when a Kinesis record of this data and partition key fits the 1 MiB limit. */
    public static Rejection checkRecordSize(int dataBytes, String partitionKey) {
        long bytes = (long) dataBytes + partitionKey.getBytes(StandardCharsets.UTF_8).length;
        return bytes <= MAX_RECORD_BYTES
                ? null
                : new Rejection(
                        RejectReason.OVERSIZED,
                        "a Kinesis record of " + bytes + " bytes, the limit is " + MAX_RECORD_BYTES);
    }

    /** DynamoDB's item size limit: attribute names and values, counted in bytes as DynamoDB counts them. */
    public static final int MAX_ITEM_BYTES = 400 * 1024;

    /** Returns null when an item of {@code itemBytes} bytes can be stored, else the reason. */
    public static Rejection checkItemBytes(long itemBytes) {
        return itemBytes <= MAX_ITEM_BYTES
                ? null
                : new Rejection(
                        RejectReason.ITEM_TOO_LARGE,
                        "the trade's item would have " + itemBytes + " bytes, DynamoDB stores at most "
                                + MAX_ITEM_BYTES);
    }
}
