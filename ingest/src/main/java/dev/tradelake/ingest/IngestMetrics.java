package dev.tradelake.ingest;

import dev.tradelake.model.RejectReason;
import dev.tradelake.model.Rejection;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * The ingest's counters, written by its threads and read through {@link #snapshot()} by the
 * progress log and by whoever embeds the service (the launcher).
 */
public final class IngestMetrics {

    private final LongAdder frames = new LongAdder();
    private final LongAdder pings = new LongAdder();
    private final LongAdder feedErrors = new LongAdder();
    private volatile String lastFeedError;
    private final LongAdder tradesAccepted = new LongAdder();
    private final LongAdder tradesRefused = new LongAdder();
    private final LongAdder tradesRecovered = new LongAdder();
    private final Map<RejectReason, LongAdder> rejects = new EnumMap<>(RejectReason.class);
    private final LongAdder recordsWritten = new LongAdder();
    private final LongAdder tradesWritten = new LongAdder();
    private final LongAdder putRequests = new LongAdder();
    private final LongAdder putRetries = new LongAdder();
    private final LongAdder connections = new LongAdder();
    private final LongAdder reconnects = new LongAdder();
    private final LongAdder silentDisconnects = new LongAdder();
    private final LatencyWindow putLatency = new LatencyWindow(2048);
    private volatile String failure;
    private volatile LongSupplier bufferedTrades = () -> 0;
    private volatile LongSupplier blockedNanos = () -> 0;

    IngestMetrics() {
        for (RejectReason reason : RejectReason.values()) {
            rejects.put(reason, new LongAdder());
        }
    }

    void watchBuffer(BufferGate gate) {
        bufferedTrades = gate::used;
        blockedNanos = gate::blockedNanos;
    }

    void frame() {
        frames.increment();
    }

    void ping() {
        pings.increment();
    }

    void feedError(String message) {
        feedErrors.increment();
        lastFeedError = message;
    }

    void rejected(Rejection rejection) {
        rejects.get(rejection.reason()).increment();
    }

    /** Trades accepted, then refused as a whole record (too large, or invalid to Kinesis). */
    void rejected(Rejection rejection, int trades) {
        rejects.get(rejection.reason()).add(trades);
    }

    void accepted(int trades) {
        tradesAccepted.add(trades);
    }

    /** Trades received but not accepted because the ingest was stopping or had failed. */
    void refused(int trades) {
        tradesRefused.add(trades);
    }

    void written(int records, int trades) {
        recordsWritten.add(records);
        tradesWritten.add(trades);
    }

    void putRequest(long nanos) {
        putRequests.increment();
        putLatency.record(nanos);
    }

    void putRetries(int records) {
        putRetries.add(records);
    }

    void connected() {
        connections.increment();
    }

    void reconnect() {
        reconnects.increment();
    }

    void silentDisconnect() {
        silentDisconnects.increment();
    }

    /** Trades an earlier run journaled but did not get acknowledged, sent again by this one. */
    void recovered(long trades) {
        tradesRecovered.add(trades);
    }

    void failed(String description) {
        failure = description;
    }

    public Snapshot snapshot() {
        Map<String, Long> byReason = new TreeMap<>();
        long rejected = 0;
        for (Map.Entry<RejectReason, LongAdder> e : rejects.entrySet()) {
            long count = e.getValue().sum();
            if (count > 0) {
                byReason.put(e.getKey().key(), count);
                rejected += count;
            }
        }
        LatencyWindow.Percentiles latency = putLatency.percentiles();
        return new Snapshot(
                frames.sum(),
                pings.sum(),
                feedErrors.sum(),
                lastFeedError,
                tradesAccepted.sum(),
                rejected,
                Map.copyOf(byReason),
                tradesRefused.sum(),
                recordsWritten.sum(),
                tradesWritten.sum(),
                bufferedTrades.getAsLong(),
                putRequests.sum(),
                putRetries.sum(),
                latency.p50Ms(),
                latency.p99Ms(),
                latency.maxMs(),
                blockedNanos.getAsLong() / 1_000_000,
                connections.sum(),
                reconnects.sum(),
                silentDisconnects.sum(),
                failure,
                tradesRecovered.sum());
    }

    /**
     * The counters at one instant. All counts are totals since the service started.
     *
     * @param frames            text frames received, whatever their content
     * @param pings             {@code ping} frames among them
     * @param feedErrors        {@code error} frames among them; the latest message in {@code lastFeedError}
     * @param tradesAccepted    trades taken into the buffer: each is written to Kinesis exactly once
     *                          unless {@code failure} is set
     * @param tradesRejected    rejected inputs, the sum of {@code rejectsByReason}: one per invalid
     *                          trade entry, one per frame refused as a whole
     * @param rejectsByReason   {@link RejectReason#key()} to count, reasons never seen left out
     * @param tradesRefused     valid trades that arrived while the ingest was stopping or failed:
     *                          not accepted, so not promised
     * @param recordsWritten    Kinesis records acknowledged
     * @param tradesWritten     trades in those records
     * @param bufferedTrades    accepted trades not yet acknowledged by Kinesis (the buffer depth)
     * @param putRequests       PutRecords calls answered
     * @param putRetries        records sent again after a failed entry or call
     * @param putLatencyP50Ms   PutRecords latency over the last 2,048 calls, and its p99 and max
     * @param feedBlockedMs     total time the journal tailer waited because the in-memory buffer was full
     *                          (the feed itself is never held back: trades wait in the journal)
     * @param connections       WebSocket connections opened
     * @param reconnects        reconnection attempts after the first connection
     * @param silentDisconnects connections closed for silence
     * @param failure           why the ingest stopped writing, or null while it is healthy
     * @param tradesRecovered   trades an earlier run left unacknowledged in the journal, resent by this
     *                          one (written counts them too)
     */
    public record Snapshot(
            long frames,
            long pings,
            long feedErrors,
            String lastFeedError,
            long tradesAccepted,
            long tradesRejected,
            Map<String, Long> rejectsByReason,
            long tradesRefused,
            long recordsWritten,
            long tradesWritten,
            long bufferedTrades,
            long putRequests,
            long putRetries,
            double putLatencyP50Ms,
            double putLatencyP99Ms,
            double putLatencyMaxMs,
            long feedBlockedMs,
            long connections,
            long reconnects,
            long silentDisconnects,
            String failure,
            long tradesRecovered) {}
}
