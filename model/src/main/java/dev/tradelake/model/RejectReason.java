package dev.tradelake.model;

import java.util.Locale;

/** Why an input was refused. Every rejection is counted under one of these. */
public enum RejectReason {
    /** Not parseable as JSON, or trailing content after the message. */
    MALFORMED_JSON,
    /** Larger than the configured frame or record limit. */
    OVERSIZED,
    /** Valid JSON, but not an object, or without a string {@code type}. */
    NOT_A_MESSAGE,
    /** A {@code type} this code does not know. */
    UNKNOWN_TYPE,
    /** A trade message whose {@code data} is missing or not an array. */
    DATA_NOT_ARRAY,
    /** An entry of {@code data} that is not an object (null included). */
    ENTRY_NOT_OBJECT,
    BAD_PRICE,
    BAD_VOLUME,
    BAD_TIME,
    BAD_SYMBOL,
    BAD_CONDITIONS,
    /** A Kinesis record that is not in {@link TradeRecordFormat}. */
    BAD_RECORD,
    /** A trade whose DynamoDB item would be larger than {@link TradeRules#MAX_ITEM_BYTES}. */
    ITEM_TOO_LARGE,
    /** A trade DynamoDB refused for a reason no retry fixes (e.g. a ValidationException), found by splitting its write. */
    STORE_REFUSED;

    /** The name used in counters, logs and summaries: {@code bad_price}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
