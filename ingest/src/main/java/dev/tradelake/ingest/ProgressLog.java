package dev.tradelake.ingest;

import java.util.Locale;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The progress line, at a fixed interval: totals and rates since the previous line. */
final class ProgressLog implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(ProgressLog.class);

    private final Supplier<IngestMetrics.Snapshot> metrics;
    private IngestMetrics.Snapshot previous;
    private long previousNanos = System.nanoTime();

    ProgressLog(Supplier<IngestMetrics.Snapshot> metrics) {
        this.metrics = metrics;
        this.previous = metrics.get();
    }

    @Override
    public void run() {
        IngestMetrics.Snapshot now = metrics.get();
        long nanos = System.nanoTime();
        LOG.info(line(previous, now, (nanos - previousNanos) / 1e9));
        previous = now;
        previousNanos = nanos;
    }

    static String line(IngestMetrics.Snapshot before, IngestMetrics.Snapshot now, double seconds) {
        double s = Math.max(seconds, 1e-3);
        StringBuilder line = new StringBuilder(String.format(
                Locale.ROOT,
                "progress: %,d trades in (%,.0f/s), %,d records out (%,.0f/s), %,d trades written,"
                        + " %,d rejected%s, buffer %,d trades, PutRecords p50 %.0f ms p99 %.0f ms",
                now.tradesAccepted(),
                (now.tradesAccepted() - before.tradesAccepted()) / s,
                now.recordsWritten(),
                (now.recordsWritten() - before.recordsWritten()) / s,
                now.tradesWritten(),
                now.tradesRejected(),
                now.rejectsByReason().isEmpty() ? "" : " " + now.rejectsByReason(),
                now.bufferedTrades(),
                now.putLatencyP50Ms(),
                now.putLatencyP99Ms()));
        if (now.putRetries() > 0) {
            line.append(String.format(Locale.ROOT, ", %,d records retried", now.putRetries()));
        }
        if (now.reconnects() > 0) {
            line.append(String.format(Locale.ROOT, ", %,d reconnects", now.reconnects()));
        }
        if (now.feedBlockedMs() > before.feedBlockedMs()) {
            line.append(String.format(
                    Locale.ROOT, ", journal backlog waited %,d ms", now.feedBlockedMs() - before.feedBlockedMs()));
        }
        return line.toString();
    }
}
