package dev.tradelake.ingest;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One Kinesis record waiting to be put: trades of one symbol in
 * {@link dev.tradelake.model.TradeRecordFormat}, the symbol as partition key.
 *
 * @param attempt how many puts of this record have failed so far
 * @param entries the journal entry of each trade, for the checkpoint
 */
record OutRecord(String partitionKey, byte[] data, int trades, int attempt, long[] entries) implements Outgoing {

    /** A record whose trades come from no journal entry (tests, benchmarks). */
    OutRecord(String partitionKey, byte[] data, int trades, int attempt) {
        this(partitionKey, data, trades, attempt, new long[trades]);
    }

    @Override
    public List<OutRecord> toRecords() {
        return List.of(this);
    }

    /** What the record counts for against the PutRecords request limit: data plus partition key. */
    int requestBytes() {
        return data.length + partitionKey.getBytes(StandardCharsets.UTF_8).length;
    }

    OutRecord retried() {
        return new OutRecord(partitionKey, data, trades, attempt + 1, entries);
    }
}
