package dev.tradelake.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.KinesisEvent.KinesisEventRecord;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.tradelake.lambda.DeadLetterSink.DeadLetterException;
import dev.tradelake.model.Rejection;
import dev.tradelake.model.Trade;
import dev.tradelake.model.TradeRecordFormat;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns one Kinesis batch into trade items, with the failure semantics of Lambda's Kinesis event
 * source mapping under {@code ReportBatchItemFailures}:
 * <ul>
 *   <li>a record whose content is invalid (or the invalid rows of a record) goes with its reason to
 *       the dead-letter destination, and the batch goes on: it is never retried;</li>
 *   <li>a trade DynamoDB will not store whatever the retries (see {@link BatchWriter}) goes alone to
 *       the dead-letter destination, as a one-trade record with the reason; the other trades of its
 *       record and batch are stored, so the shard never stalls on it;</li>
 *   <li>a record that cannot be stored after retries, or whose dead letter cannot be sent, is
 *       reported as the batch item failure; since Lambda resumes from the lowest failed sequence
 *       number and redelivers every record after it, only that one is reported, and work on later
 *       records stops;</li>
 *   <li>every item is a pure function of its trade (plus {@code stored_ms}), so a redelivered record
 *       overwrites its items with the same content.</li>
 * </ul>
 * Thread-safe: the local event-source mapping invokes it from one thread per shard.
 */
public final class BatchProcessor {

    private static final Logger LOG = LoggerFactory.getLogger(BatchProcessor.class);
    /** Retries stop this long before the function's timeout, so that the response still gets out. */
    private static final long TIMEOUT_MARGIN_MS = 1_000;

    private final BatchWriter writer;
    private final DeadLetterSink deadLetters;
    private final Clock clock;
    private final MetricsSink metrics;

    BatchProcessor(BatchWriter writer, DeadLetterSink deadLetters, Clock clock, MetricsSink metrics) {
        this.writer = writer;
        this.deadLetters = deadLetters;
        this.clock = clock;
        this.metrics = metrics;
    }

    public StreamsEventResponse process(KinesisEvent event, Context context) {
        long startNanos = System.nanoTime();
        long deadlineNanos = deadline(context, startNanos);
        List<KinesisEventRecord> records = event == null || event.getRecords() == null ? List.of() : event.getRecords();

        int failed = -1;
        int rejectedRows = 0;
        int deadLettered = 0;
        long oldestIngestMs = Long.MAX_VALUE;
        List<WritePlan.SourcedItem> items = new ArrayList<>(records.size() * 16);
        for (int i = 0; i < records.size() && failed < 0; i++) {
            DecodedRecord decoded = DecodedRecord.decode(i, records.get(i));
            if (decoded instanceof DecodedRecord.Unreadable bad) {
                if (!sendDeadLetter(bad.source(), DeadLetter.Scope.RECORD, List.of(bad.reason()))) {
                    failed = i;
                    break;
                }
                deadLettered++;
            } else if (decoded instanceof DecodedRecord.Readable readable) {
                if (!readable.rejectedRows().isEmpty()) {
                    if (!sendDeadLetter(readable.source(), DeadLetter.Scope.ROWS, readable.rejectedRows())) {
                        failed = i;
                        break;
                    }
                    deadLettered++;
                    rejectedRows += readable.rejectedRows().size();
                }
                for (Trade trade : readable.trades()) {
                    items.add(WritePlan.SourcedItem.of(trade, i));
                    oldestIngestMs = Math.min(oldestIngestMs, trade.ingestMs());
                }
            }
        }

        BatchWriter.Result written = writer.write(WritePlan.plan(items), failed, deadlineNanos);
        int lowestFailed = lowest(failed, written.lowestFailedRecord());
        List<BatchWriter.Refused> refusedInOrder = new ArrayList<>(written.refused());
        // in record order: once a dead letter cannot be sent, the records from there on are redelivered anyway
        refusedInOrder.sort(java.util.Comparator.comparingInt(r -> r.item().firstRecord()));
        for (BatchWriter.Refused refused : refusedInOrder) {
            int record = refused.item().firstRecord();
            if (record < lowestFailed || lowestFailed < 0) {
                byte[] data = TradeRecordFormat.encode(List.of(refused.item().trade()));
                if (sendDeadLetter(records.get(record), DeadLetter.Scope.TRADE, List.of(refused.reason()), data)) {
                    deadLettered++;
                    rejectedRows++;
                } else {
                    lowestFailed = lowest(lowestFailed, record);
                }
            }
        }

        List<StreamsEventResponse.BatchItemFailure> failures = new ArrayList<>(1);
        if (lowestFailed >= 0) {
            KinesisEvent.Record kinesis = records.get(lowestFailed).getKinesis();
            // a null identifier makes Lambda retry the whole batch: the safe answer when the record has none
            String sequenceNumber = kinesis == null ? null : kinesis.getSequenceNumber();
            failures.add(new StreamsEventResponse.BatchItemFailure(sequenceNumber));
            LOG.warn(
                    "batch of {} records: record {} (sequence number {}) and the {} after it will be delivered again: {}",
                    records.size(),
                    lowestFailed,
                    sequenceNumber,
                    records.size() - lowestFailed - 1,
                    written.firstError() != null ? written.firstError() : "its dead letter could not be sent");
        }
        long endMs = clock.millis();
        metrics.batchDone(new BatchMetrics(
                records.size(),
                written.itemsWritten(),
                rejectedRows,
                deadLettered,
                written.retries(),
                Math.max(written.failedRecords(), failed >= 0 ? 1 : 0),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos),
                written.itemsWritten() > 0 && oldestIngestMs != Long.MAX_VALUE
                        ? Math.max(0, endMs - oldestIngestMs)
                        : -1));
        return new StreamsEventResponse(failures);
    }

    private static int lowest(int a, int b) {
        return a < 0 ? b : b < 0 ? a : Math.min(a, b);
    }

    private boolean sendDeadLetter(KinesisEventRecord record, DeadLetter.Scope scope, List<Rejection> reasons) {
        return sendDeadLetter(record, scope, reasons, DecodedRecord.data(record));
    }

    private boolean sendDeadLetter(
            KinesisEventRecord record, DeadLetter.Scope scope, List<Rejection> reasons, byte[] data) {
        KinesisEvent.Record kinesis = record.getKinesis();
        DeadLetter letter = new DeadLetter(
                record.getEventSourceARN(),
                record.getEventID(),
                kinesis == null ? null : kinesis.getSequenceNumber(),
                kinesis == null ? null : kinesis.getPartitionKey(),
                kinesis == null || kinesis.getApproximateArrivalTimestamp() == null
                        ? null
                        : Instant.ofEpochMilli(
                                kinesis.getApproximateArrivalTimestamp().getTime()),
                scope,
                reasons,
                data == null ? new byte[0] : data);
        try {
            deadLetters.send(letter);
            return true;
        } catch (DeadLetterException | RuntimeException e) {
            LOG.warn(
                    "record {} could not be dead-lettered ({}): it is reported as failed",
                    letter.eventId(),
                    e.toString());
            return false;
        }
    }

    private static long deadline(Context context, long nowNanos) {
        if (context == null || context.getRemainingTimeInMillis() <= 0) {
            return Long.MAX_VALUE;
        }
        long remainingMs = context.getRemainingTimeInMillis();
        long usableMs = remainingMs > 2 * TIMEOUT_MARGIN_MS ? remainingMs - TIMEOUT_MARGIN_MS : remainingMs / 2;
        return nowNanos + TimeUnit.MILLISECONDS.toNanos(usableMs);
    }
}
