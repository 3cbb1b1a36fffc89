package dev.tradelake.ingest;

import dev.tradelake.model.Backoff;
import dev.tradelake.model.RejectReason;
import dev.tradelake.model.Rejection;
import dev.tradelake.model.TradeRules;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;

/**
 * Sends records to Kinesis with PutRecords: a dispatcher thread encodes queued packs and gathers
 * the records into batches ({@link PutBatch}), each handed to one of {@code concurrency} sender
 * threads. Records accumulate while every sender is busy, so batches grow with the load by
 * themselves.
 *
 * <p>A record leaves only when Kinesis acknowledged it: entries that failed, or a whole call that
 * failed with a retryable error ({@link PutErrors}), go back to the queue after a backoff with
 * full jitter, and nothing is ever dropped. A fatal error stops the writing and is reported to
 * {@code onFatal}; the records stay counted as undelivered.
 *
 * <p><b>Ordering.</b> Parallel calls and retries can store a symbol's records out of order. That
 * is safe: each trade's id (symbol, time, seq) was fixed by the sequencer before packing, so it
 * does not depend on the order the records reach the stream, and consumers order a symbol's trades
 * by (time, seq), not by stream position. Writes stay idempotent downstream for the same reason.
 */
final class KinesisWriter {

    private static final Logger LOG = LoggerFactory.getLogger(KinesisWriter.class);
    private static final long POLL_MS = 50;

    private final KinesisClient kinesis;
    private final String stream;
    private final Backoff backoff;
    private final BufferGate gate;
    private final IngestMetrics metrics;
    private final ScheduledExecutorService timer;
    private final Consumer<String> onFatal;
    private final Redaction redaction;
    private volatile Consumer<OutRecord> onDone = r -> {};
    private final LinkedBlockingQueue<Outgoing> queue = new LinkedBlockingQueue<>();
    private final Semaphore senders;
    private final ExecutorService sendPool;
    private final Thread dispatcher;
    private final AtomicBoolean failed = new AtomicBoolean();
    private final AtomicBoolean refusedLogged = new AtomicBoolean();
    private volatile boolean running = true;

    KinesisWriter(
            KinesisClient kinesis,
            String stream,
            int concurrency,
            Backoff backoff,
            BufferGate gate,
            IngestMetrics metrics,
            ScheduledExecutorService timer,
            Consumer<String> onFatal,
            Redaction redaction) {
        this.kinesis = kinesis;
        this.stream = stream;
        this.backoff = backoff;
        this.gate = gate;
        this.metrics = metrics;
        this.timer = timer;
        this.onFatal = onFatal;
        this.redaction = redaction;
        this.senders = new Semaphore(concurrency);
        AtomicInteger n = new AtomicInteger();
        this.sendPool = Executors.newFixedThreadPool(concurrency, r -> daemon(r, "ingest-put-" + n.incrementAndGet()));
        this.dispatcher = daemon(this::dispatch, "ingest-dispatch");
    }

    void start() {
        dispatcher.start();
    }

    /** Told of every record that is done: acknowledged by Kinesis, or dropped with its reason. */
    void onDone(Consumer<OutRecord> listener) {
        this.onDone = listener;
    }

    /** Queues packs or records; never blocks (the buffer gate bounds what can be queued). */
    void submit(List<? extends Outgoing> outgoing) {
        queue.addAll(outgoing);
    }

    /** Waits until every accepted trade has been written; false on timeout or after a fatal error. */
    boolean awaitWritten(long timeoutMs) throws InterruptedException {
        return gate.awaitEmpty(timeoutMs) && !failed.get();
    }

    /** Stops the threads; call after {@link #awaitWritten} (records still queued are abandoned). */
    void shutdown() {
        running = false;
        dispatcher.interrupt();
        sendPool.shutdown();
        try {
            if (!sendPool.awaitTermination(10, TimeUnit.SECONDS)) {
                sendPool.shutdownNow();
            }
            dispatcher.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void dispatch() {
        // Encoded records that did not fit into the previous batch; only this thread touches it.
        ArrayDeque<OutRecord> carried = new ArrayDeque<>();
        try {
            while (running) {
                senders.acquire();
                PutBatch batch = new PutBatch();
                try {
                    fill(batch, carried);
                } catch (RuntimeException e) {
                    senders.release();
                    fail("cannot encode a record: " + redaction.describe(e));
                    return;
                }
                if (batch.isEmpty() || failed.get()) {
                    senders.release();
                    continue;
                }
                sendPool.execute(() -> send(batch));
            }
        } catch (InterruptedException e) {
            // shutdown
        }
    }

    /**
     * Fills a batch with what is waiting, encoding packs as it takes them; waits a little only for
     * the first record. Records pile up while every sender is busy, so busy means bigger batches.
     */
    private void fill(PutBatch batch, ArrayDeque<OutRecord> carried) throws InterruptedException {
        while (true) {
            OutRecord next = carried.poll();
            if (next == null) {
                Outgoing waiting = batch.isEmpty() ? queue.poll(POLL_MS, TimeUnit.MILLISECONDS) : queue.poll();
                if (waiting == null) {
                    return;
                }
                carried.addAll(waiting.toRecords());
                continue;
            }
            Rejection oversized = TradeRules.checkRecordSize(next.data().length, next.partitionKey());
            if (oversized != null) {
                refuse(next, oversized);
                continue;
            }
            if (!batch.tryAdd(next)) {
                carried.addFirst(next);
                return;
            }
        }
    }

    private void send(PutBatch batch) {
        try {
            put(batch);
        } finally {
            senders.release();
        }
    }

    private void put(PutBatch batch) {
        try {
            long start = System.nanoTime();
            PutRecordsResponse response = kinesis.putRecords(batch.toRequest(stream));
            metrics.putRequest(System.nanoTime() - start);
            PutOutcome outcome = PutOutcome.of(batch.records(), response);
            int trades = 0;
            for (OutRecord r : outcome.written()) {
                trades += r.trades();
            }
            metrics.written(outcome.written().size(), trades);
            outcome.written().forEach(onDone);
            gate.release(trades);
            for (PutOutcome.Failed f : outcome.failed()) {
                if (PutErrors.isRetryable(f.errorCode())) {
                    retry(f.record());
                } else {
                    fail("Kinesis refused a record of " + f.record().partitionKey() + ": " + f.errorCode() + " "
                            + f.errorMessage());
                }
            }
        } catch (RuntimeException e) {
            if (PutErrors.isInvalidRequest(e)) {
                refuseInvalid(batch, e);
            } else if (PutErrors.isRetryable(e)) {
                LOG.warn(
                        "PutRecords of {} records failed, retrying them: {}",
                        batch.records().size(),
                        redaction.describe(e));
                batch.records().forEach(this::retry);
            } else {
                fail("PutRecords to stream " + stream + " failed: " + redaction.describe(e));
            }
        }
    }

    /**
     * Kinesis refuses a whole PutRecords call when one entry is invalid. Each record is then put
     * alone, so that only the one Kinesis refuses is dropped (counted with its reason) and the
     * others flow.
     */
    private void refuseInvalid(PutBatch batch, RuntimeException e) {
        if (batch.records().size() == 1) {
            refuse(batch.records().get(0), new Rejection(RejectReason.KINESIS_REFUSED, redaction.describe(e)));
            return;
        }
        for (OutRecord r : batch.records()) {
            PutBatch alone = new PutBatch();
            alone.tryAdd(r);
            put(alone);
        }
    }

    private void refuse(OutRecord record, Rejection rejection) {
        metrics.rejected(rejection, record.trades());
        onDone.accept(record);
        gate.release(record.trades());
        if (refusedLogged.compareAndSet(false, true)) {
            LOG.warn(
                    "a record of {} trades of {} was dropped (further ones are only counted): {}",
                    record.trades(),
                    record.partitionKey(),
                    rejection);
        }
    }

    private void retry(OutRecord record) {
        metrics.putRetries(1);
        OutRecord again = record.retried();
        try {
            long delayNanos =
                    TimeUnit.NANOSECONDS.convert(backoff.delay(record.attempt(), ThreadLocalRandom.current()));
            timer.schedule(() -> queue.add(again), delayNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            // Shut down after the shutdown timeout: the record stays counted as undelivered.
        }
    }

    private void fail(String description) {
        if (failed.compareAndSet(false, true)) {
            LOG.error("the ingest cannot write to Kinesis and stops reading the feed: {}", description);
            metrics.failed(description);
            gate.abort();
            onFatal.accept(description);
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
