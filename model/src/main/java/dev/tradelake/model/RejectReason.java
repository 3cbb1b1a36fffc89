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
    /** A price or volume DynamoDB cannot store: magnitude outside 1e-130..9.99e125, or over 38 digits. */
    NUMBER_OUT_OF_RANGE,
    /** A trade whose price x volume is over {@link TradeRules#MAX_TRADE_TURNOVER}: a bar's sum could overflow. */
    TURNOVER_OVERFLOW,
    /** A trade stamped more than {@link TradeRules#MAX_AHEAD_MS} after the time it was processed. */
    FUTURE_TIME;

    /** The name used in counters, logs and summaries: {@code bad_price}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
