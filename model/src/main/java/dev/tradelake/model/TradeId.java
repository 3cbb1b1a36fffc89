package dev.tradelake.model;

/**
 * The identity of one trade: symbol, trade time and its rank among that symbol's trades of the
 * same millisecond.
 *
 * <p>{@link #sortKey()} is the trades table's sort key: fixed-width, so that it sorts by time
 * then rank as text, and "symbol S between times A and B" is a Query on
 * {@link #sortKeyFloor(long)} .. {@link #sortKeyCeiling(long)} per partition key of the symbol
 * ({@link TradesTable#partitionKeys(String)}).
 */
public record TradeId(String symbol, long timeMs, int seq) {

    private static final int TIME_DIGITS = 13;
    private static final int SEQ_DIGITS = 6;

    public TradeId {
        if (timeMs < 0 || timeMs > TradeRules.MAX_TIME_MS) {
            throw new IllegalArgumentException("trade time out of range: " + timeMs);
        }
        if (seq < 0 || seq > TradeRules.MAX_SEQ) {
            throw new IllegalArgumentException("trade seq out of range: " + seq);
        }
    }

    /** {@code 1381132800465#000003}: 13-digit time, '#', 6-digit rank. */
    public String sortKey() {
        StringBuilder key = new StringBuilder(TIME_DIGITS + 1 + SEQ_DIGITS);
        pad(key, timeMs, TIME_DIGITS);
        key.append('#');
        pad(key, seq, SEQ_DIGITS);
        return key.toString();
    }

    /** The smallest sort key of any trade at or after {@code timeMs}. */
    public static String sortKeyFloor(long timeMs) {
        return new TradeId("", clamp(timeMs), 0).sortKey();
    }

    /** The largest sort key of any trade at or before {@code timeMs}. */
    public static String sortKeyCeiling(long timeMs) {
        return new TradeId("", clamp(timeMs), TradeRules.MAX_SEQ).sortKey();
    }

    /** Reads a sort key back; throws {@link IllegalArgumentException} when it is not one. */
    public static TradeId fromSortKey(String symbol, String sortKey) {
        if (sortKey.length() != TIME_DIGITS + 1 + SEQ_DIGITS
                || sortKey.charAt(TIME_DIGITS) != '#'
                || !asciiDigits(sortKey, 0, TIME_DIGITS)
                || !asciiDigits(sortKey, TIME_DIGITS + 1, sortKey.length())) {
            throw new IllegalArgumentException("not a trade sort key: " + sortKey);
        }
        return new TradeId(
                symbol,
                Long.parseLong(sortKey, 0, TIME_DIGITS, 10),
                Integer.parseInt(sortKey, TIME_DIGITS + 1, sortKey.length(), 10));
    }

    /** {@code SPY:1381132800465:3}, unique across symbols. */
    @Override
    public String toString() {
        return symbol + ':' + timeMs + ':' + seq;
    }

    /** parseLong alone would also take a sign and non-ASCII digits: keys that sortKey() never writes. */
    private static boolean asciiDigits(String text, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static long clamp(long timeMs) {
        return Math.max(0, Math.min(TradeRules.MAX_TIME_MS, timeMs));
    }

    private static void pad(StringBuilder out, long value, int width) {
        String digits = Long.toString(value);
        for (int i = digits.length(); i < width; i++) {
            out.append('0');
        }
        out.append(digits);
    }
}
