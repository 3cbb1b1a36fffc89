package dev.tradelake.lambda;

import java.util.concurrent.atomic.LongAdder;

/** Running totals over every invocation, for a local run's progress display and for tests. */
public final class StorageCounters implements MetricsSink {

    private final LongAdder batches = new LongAdder();
    private final LongAdder records = new LongAdder();
    private final LongAdder tradesWritten = new LongAdder();
    private final LongAdder tradesRejected = new LongAdder();
    private final LongAdder recordsDeadLettered = new LongAdder();
    private final LongAdder writeRetries = new LongAdder();
    private final LongAdder recordsFailed = new LongAdder();

    /** A consistent-enough copy of the totals. */
    public record Totals(
            long batches,
            long records,
            long tradesWritten,
            long tradesRejected,
            long recordsDeadLettered,
            long writeRetries,
            long recordsFailed) {}

    @Override
    public void batchDone(BatchMetrics m) {
        batches.increment();
        records.add(m.records());
        tradesWritten.add(m.tradesWritten());
        tradesRejected.add(m.tradesRejected());
        recordsDeadLettered.add(m.recordsDeadLettered());
        writeRetries.add(m.writeRetries());
        recordsFailed.add(m.recordsFailed());
    }

    public Totals totals() {
        return new Totals(
                batches.sum(),
                records.sum(),
                tradesWritten.sum(),
                tradesRejected.sum(),
                recordsDeadLettered.sum(),
                writeRetries.sum(),
                recordsFailed.sum());
    }
}
