package dev.tradelake.ingest;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;

/** The records of one PutRecords request, kept within the API's limits: 500 records and 5 MiB. */
final class PutBatch {

    static final int MAX_RECORDS = 500;
    static final long MAX_BYTES = 5L * 1024 * 1024;

    private final List<OutRecord> records = new ArrayList<>();
    private long bytes;
    private int trades;

    /** Adds the record when it fits; a record alone always fits (Kinesis caps one at 1 MiB). */
    boolean tryAdd(OutRecord record) {
        if (records.size() >= MAX_RECORDS || (!records.isEmpty() && bytes + record.requestBytes() > MAX_BYTES)) {
            return false;
        }
        records.add(record);
        bytes += record.requestBytes();
        trades += record.trades();
        return true;
    }

    List<OutRecord> records() {
        return records;
    }

    long bytes() {
        return bytes;
    }

    int trades() {
        return trades;
    }

    boolean isEmpty() {
        return records.isEmpty();
    }

    PutRecordsRequest toRequest(String stream) {
        List<PutRecordsRequestEntry> entries = new ArrayList<>(records.size());
        for (OutRecord r : records) {
            entries.add(PutRecordsRequestEntry.builder()
                    .partitionKey(r.partitionKey())
                    .data(SdkBytes.fromByteArrayUnsafe(r.data()))
                    .build());
        }
        return PutRecordsRequest.builder().streamName(stream).records(entries).build();
    }
}
