package dev.tradelake.local.lambda;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import software.amazon.awssdk.services.kinesis.model.Record;

/**
 * The records of one shard read but not yet done, and what to invoke next: the pure heart of
 * {@link KinesisEventSourceMapping}'s semantics, with no I/O and no clock of its own.
 *
 * <ul>
 *   <li>A batch is the head of the pending records, at most {@code batchSize} and at most the
 *       invocation payload limit.</li>
 *   <li>Success: the batch is done. Partial failure (ReportBatchItemFailures): the records before the
 *       failed one are done, the next batch starts at it.</li>
 *   <li>Function error with {@code bisectBatchOnFunctionError}: the batch is split in two halves,
 *       each invoked on its own; splitting does not count as a retry. With both bisect and a partial
 *       failure, the batch is split at the failed record and only the rest is retried.</li>
 *   <li>A failure counts against {@code maximumRetryAttempts} of the record the failing batch starts
 *       with; the count restarts when the head moves on. Once a batch has failed
 *       {@code maximumRetryAttempts + 1} times, its records are discarded (to the on-failure
 *       destination) and the shard goes on.</li>
 *   <li>Records older than {@code maximumRecordAgeInSeconds} are discarded before an invocation.</li>
 * </ul>
 * Not thread-safe: one shard poller owns it.
 */
final class ShardBatches {

    /** What the poller does after an invocation. */
    sealed interface Next {
        /** Go on with the next batch. */
        record Proceed() implements Next {}

        /** Invoke again after a delay; {@code failures} is how often this head has failed. */
        record Retry(int failures) implements Next {}

        /** Invoke again at once: the batch was split in two. */
        record Bisected(int firstHalf, int secondHalf) implements Next {}

        /** These records will never be retried: they go to the on-failure destination. */
        record Discard(List<Record> records, int invokeCount) implements Next {}
    }

    /** Base64 inflates data by 4/3; the rest of a record's JSON is about this many bytes. */
    static final int RECORD_ENVELOPE_BYTES = 420;

    private final Deque<Record> pending = new ArrayDeque<>();
    /** Sizes of the batches the head is split into, front first; empty when not bisecting. */
    private final Deque<Integer> segments = new ArrayDeque<>();

    private final int maximumRetryAttempts;
    private final boolean bisect;
    private String failingHead;
    private int failures;
    private long pendingBytes;

    ShardBatches(int maximumRetryAttempts, boolean bisectBatchOnFunctionError) {
        this.maximumRetryAttempts = maximumRetryAttempts;
        this.bisect = bisectBatchOnFunctionError;
    }

    void add(List<Record> records) {
        for (Record r : records) {
            pending.addLast(r);
            pendingBytes += payloadBytes(r);
        }
    }

    int size() {
        return pending.size();
    }

    boolean isEmpty() {
        return pending.isEmpty();
    }

    /** True while the head is being retried or bisected: the next batch goes without waiting for more records. */
    boolean retrying() {
        return failures > 0 || !segments.isEmpty();
    }

    /** The oldest pending record's arrival, or null when nothing is pending. */
    Instant oldestArrival() {
        return pending.isEmpty() ? null : pending.peekFirst().approximateArrivalTimestamp();
    }

    /** Estimated invocation payload of all pending records. */
    long pendingPayloadBytes() {
        return pendingBytes;
    }

    static long payloadBytes(Record record) {
        long data = record.data().asByteArrayUnsafe().length;
        return (data + 2) / 3 * 4
                + record.partitionKey().length()
                + 2L * record.sequenceNumber().length()
                + RECORD_ENVELOPE_BYTES;
    }

    /** The next batch to invoke (left pending until its outcome is known); empty when nothing is pending. */
    List<Record> nextBatch(int batchSize, long maxPayloadBytes) {
        int limit = segments.isEmpty() ? batchSize : segments.peekFirst();
        List<Record> batch = new ArrayList<>(Math.min(limit, pending.size()));
        long payload = 0;
        for (Iterator<Record> it = pending.iterator(); it.hasNext() && batch.size() < limit; ) {
            Record record = it.next();
            long bytes = payloadBytes(record);
            if (!batch.isEmpty() && payload + bytes > maxPayloadBytes) {
                break;
            }
            payload += bytes;
            batch.add(record);
        }
        if (!segments.isEmpty() && batch.size() < segments.peekFirst()) {
            int front = segments.pollFirst(); // cut by the payload limit: the rest becomes its own batch
            segments.addFirst(front - batch.size());
            segments.addFirst(batch.size());
        }
        return batch;
    }

    /** Removes and returns the pending records that arrived before {@code cutoff}. */
    List<Record> removeArrivedBefore(Instant cutoff) {
        List<Record> expired = new ArrayList<>();
        while (!pending.isEmpty()
                && pending.peekFirst().approximateArrivalTimestamp() != null
                && pending.peekFirst().approximateArrivalTimestamp().isBefore(cutoff)) {
            expired.add(pending.peekFirst());
            consume(1);
        }
        return expired;
    }

    Next onSuccess(List<Record> batch) {
        consume(batch.size());
        return new Next.Proceed();
    }

    Next onPartialFailure(List<Record> batch, int failedIndex) {
        int remaining = batch.size() - failedIndex;
        consume(failedIndex);
        if (bisect && segments.isEmpty()) {
            segments.addFirst(remaining); // split at the failed record: only the rest is retried
        }
        return failed(batch.subList(failedIndex, batch.size()));
    }

    Next onFailure(List<Record> batch, boolean functionError) {
        if (functionError && bisect && batch.size() > 1) {
            if (!segments.isEmpty()) {
                segments.pollFirst();
            }
            int first = (batch.size() + 1) / 2;
            int second = batch.size() - first;
            segments.addFirst(second);
            segments.addFirst(first);
            return new Next.Bisected(first, second);
        }
        return failed(batch);
    }

    /** Counts a failure of the batch {@code failing} (which starts at the head) and decides on retrying it. */
    private Next failed(List<Record> failing) {
        String head = failing.get(0).sequenceNumber();
        if (head.equals(failingHead)) {
            failures++;
        } else {
            failingHead = head;
            failures = 1;
        }
        if (maximumRetryAttempts >= 0 && failures > maximumRetryAttempts) {
            int invokeCount = failures;
            List<Record> discarded = List.copyOf(failing);
            consume(discarded.size());
            return new Next.Discard(discarded, invokeCount);
        }
        return new Next.Retry(failures);
    }

    /** The first {@code count} pending records are done (or discarded). */
    private void consume(int count) {
        for (int i = 0; i < count; i++) {
            pendingBytes -= payloadBytes(pending.pollFirst());
        }
        int left = count;
        while (left > 0 && !segments.isEmpty()) {
            int front = segments.pollFirst();
            if (front > left) {
                segments.addFirst(front - left);
                left = 0;
            } else {
                left -= front;
            }
        }
        if (count > 0) {
            failingHead = null;
            failures = 0;
        }
    }
}
