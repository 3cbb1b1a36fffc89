package dev.tradelake.ingest;

import java.util.List;

/** What waits in the writer's queue: a pack of trades still to encode, or a record to send again. */
sealed interface Outgoing permits RecordPacker.Pack, OutRecord {

    /** The Kinesis records to send for it. */
    List<OutRecord> toRecords();
}
