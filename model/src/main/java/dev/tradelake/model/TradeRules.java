package dev.tradelake.model;

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

    private TradeRules() {
    }

    /** Returns null when the symbol is valid, else the reason. */
    public static Rejection checkSymbol(String symbol) {
        if (symbol == null) {
            return new Rejection(RejectReason.BAD_SYMBOL, "s is missing or not a string");
        }
        if (symbol.isEmpty() || symbol.length() > MAX_SYMBOL_LENGTH) {
            return new Rejection(RejectReason.BAD_SYMBOL,
                    "s must have 1 to " + MAX_SYMBOL_LENGTH + " characters, has " + symbol.length());
        }
        return null;
    }

    public static Rejection checkPrice(double price) {
        return Double.isFinite(price) && price > 0 ? null
                : new Rejection(RejectReason.BAD_PRICE, "p must be a finite number > 0, was " + price);
    }

    public static Rejection checkVolume(double volume) {
        return Double.isFinite(volume) && volume >= 0 ? null
                : new Rejection(RejectReason.BAD_VOLUME, "v must be a finite number >= 0, was " + volume);
    }

    public static Rejection checkTime(long timeMs) {
        return timeMs >= 0 && timeMs <= MAX_TIME_MS ? null
                : new Rejection(RejectReason.BAD_TIME, "t must be epoch milliseconds in [0, "
                        + MAX_TIME_MS + "], was " + timeMs);
    }

    /** The first rule the trade breaks, or null. */
    public static Rejection check(String symbol, long timeMs, double price, double volume) {
        Rejection r = checkSymbol(symbol);
        if (r == null) {
            r = checkPrice(price);
        }
        if (r == null) {
            r = checkVolume(volume);
        }
        if (r == null) {
            r = checkTime(timeMs);
        }
        return r;
    }

    /** DynamoDB's item size limit: attribute names and values, counted in bytes as DynamoDB counts them. */
    public static final int MAX_ITEM_BYTES = 400 * 1024;

    /** Returns null when an item of {@code itemBytes} bytes can be stored, else the reason. */
    public static Rejection checkItemBytes(long itemBytes) {
        return itemBytes <= MAX_ITEM_BYTES ? null
                : new Rejection(RejectReason.ITEM_TOO_LARGE, "the trade's item would have " + itemBytes
                        + " bytes, DynamoDB stores at most " + MAX_ITEM_BYTES);
    }
}
