package dev.tradelake.lambda;

import dev.tradelake.model.Rejection;
import java.time.Instant;
import java.util.List;

/**
 * A record whose content was refused, with why: what goes to the dead-letter destination. The
 * record's bytes ride along so that a person can read and, once fixed, replay it.
 *
 * @param scope   {@link Scope#RECORD} when the record was refused as a whole (none of it was stored),
 *                {@link Scope#ROWS} when only some rows were (the other trades of the record were stored),
 *                {@link Scope#TRADE} when DynamoDB refused one trade: {@code data} is then that trade
 *                alone, as a one-trade record, and the other trades of the record were stored
 * @param reasons one entry per refused row, or the single reason the record was refused
 */
public record DeadLetter(
        String eventSourceArn,
        String eventId,
        String sequenceNumber,
        String partitionKey,
        Instant approximateArrival,
        Scope scope,
        List<Rejection> reasons,
        byte[] data) {

    public enum Scope {
        RECORD,
        ROWS,
        TRADE
    }

    public DeadLetter {
        reasons = List.copyOf(reasons);
    }
}
