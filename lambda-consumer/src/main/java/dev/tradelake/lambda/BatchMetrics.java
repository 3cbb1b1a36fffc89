package dev.tradelake.lambda;

/**
 * What one invocation did.
 *
 * @param records             Kinesis records in the batch
 * @param tradesWritten       items confirmed written (a trade repeated within the batch counts once)
 * @param tradesRejected      rows refused for their content (sent to the dead-letter destination)
 * @param recordsDeadLettered records sent to the dead-letter destination (whole or for some rows)
 * @param writeRetries        BatchWriteItem calls repeated after throttling, errors or unprocessed items
 * @param recordsFailed       records that could not be stored (or dead-lettered) after retries
 * @param latencyMs           from the start of the invocation to its response
 * @param maxIngestToStoreMs  the oldest trade's time from ingest to write, or -1 when none was written
 */
public record BatchMetrics(
        int records,
        int tradesWritten,
        int tradesRejected,
        int recordsDeadLettered,
        int writeRetries,
        int recordsFailed,
        long latencyMs,
        long maxIngestToStoreMs) {}
