package dev.tradelake.lambda;

import dev.tradelake.lambda.WritePlan.Chunk;
import dev.tradelake.lambda.WritePlan.PlannedItem;
import dev.tradelake.model.Backoff;
import dev.tradelake.model.RejectReason;
import dev.tradelake.model.Rejection;
import dev.tradelake.model.TradeRules;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Writes planned chunks with BatchWriteItem, a few calls in flight, retrying unprocessed items,
 * throttling and server errors with {@link Backoff} (what is retryable is decided by
 * {@link WriteErrors}) up to {@link WriteSettings#maxAttempts()} calls per chunk and never past the
 * invocation's deadline. A trade that cannot be stored whatever the retries (its item is over
 * DynamoDB's size limit, or DynamoDB refuses it with a ValidationException) is isolated and
 * returned as {@link Refused}; the other trades of its chunk are written.
 *
 * <p>Once a record is known to have failed, chunks holding only later records are skipped: Lambda
 * will deliver them again from the failed record on, so writing them now would be wasted work.
 */
final class BatchWriter {

    private final DynamoDbClient dynamo;
    private final WriteSettings settings;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Backoff backoff;
    private final RetryJitter jitter = new RetryJitter();
    /** Null when {@link WriteSettings#concurrency()} is 1: the invoking thread writes. */
    private final ExecutorService pool;

    BatchWriter(
            DynamoDbClient dynamo,
            WriteSettings settings,
            Clock clock,
            Sleeper sleeper,
            Backoff backoff,
            ExecutorService pool) {
        this.dynamo = dynamo;
        this.settings = settings;
        this.clock = clock;
        this.sleeper = sleeper;
        this.backoff = backoff;
        this.pool = pool;
    }

    /**
     * What a batch's writes came to.
     *
     * @param lowestFailedRecord batch position of the earliest record with an item not written, or -1
     * @param failedRecords      how many records are known to have an item not written
     * @param firstError         why the first chunk failed, for the log; null when none did
     * @param refused            the trades refused for their content (neither written nor failed)
     */
    record Result(
            int itemsWritten,
            int retries,
            int lowestFailedRecord,
            int failedRecords,
            String firstError,
            List<Refused> refused) {}

    /** A trade DynamoDB will not store whatever the retries: it goes to the dead-letter queue on its own. */
    record Refused(PlannedItem item, Rejection reason) {}

    /**
     * @param alreadyFailed  batch position of a record that already failed (e.g. its dead letter could not
     *                       be sent), or -1: chunks holding only later records are skipped
     * @param deadlineNanos  {@link System#nanoTime()} after which no retry starts
     */
    Result write(List<Chunk> chunks, int alreadyFailed, long deadlineNanos) {
        Progress progress = new Progress(alreadyFailed);
        if (pool == null) {
            for (Chunk chunk : chunks) {
                writeChunk(chunk, progress, deadlineNanos);
            }
        } else {
            List<Future<?>> pending = new ArrayList<>(chunks.size());
            for (Chunk chunk : chunks) {
                pending.add(pool.submit(() -> writeChunk(chunk, progress, deadlineNanos)));
            }
            awaitAll(pending, progress);
        }
        int lowest = progress.lowestFailed.get();
        return new Result(
                progress.written.get(),
                progress.retries.get(),
                lowest == Integer.MAX_VALUE ? -1 : lowest,
                progress.failedRecords.size(),
                progress.firstError.get(),
                List.copyOf(progress.refused));
    }

    /** Shared by the chunks of one batch. */
    private static final class Progress {
        final AtomicInteger written = new AtomicInteger();
        final AtomicInteger retries = new AtomicInteger();
        final AtomicInteger lowestFailed;
        final Set<Integer> failedRecords = ConcurrentHashMap.newKeySet();
        final AtomicReference<String> firstError = new AtomicReference<>();
        final Queue<Refused> refused = new ConcurrentLinkedQueue<>();

        Progress(int alreadyFailed) {
            lowestFailed = new AtomicInteger(alreadyFailed < 0 ? Integer.MAX_VALUE : alreadyFailed);
        }

        void fail(Iterable<PlannedItem> items, String reason) {
            for (PlannedItem item : items) {
                failedRecords.addAll(item.records());
                lowestFailed.accumulateAndGet(item.firstRecord(), Math::min);
            }
            firstError.compareAndSet(null, reason);
        }
    }

    /** A planned item and its request, ready to send. */
    private record Pending(PlannedItem item, WriteRequest request) {}

    private void writeChunk(Chunk chunk, Progress progress, long deadlineNanos) {
        List<Pending> pending = new ArrayList<>(chunk.items().size());
        long storedMs = clock.millis(); // as late as possible: stored_ms - ingest_ms is the pipeline's latency
        for (PlannedItem item : chunk.items()) {
            Map<String, AttributeValue> attributes = TradeItems.item(item.trade(), storedMs, settings.ttlDays());
            Rejection tooLarge = TradeRules.checkItemBytes(TradeItems.itemBytes(attributes));
            if (tooLarge != null) {
                progress.refused.add(new Refused(item, tooLarge));
            } else {
                pending.add(new Pending(
                        item,
                        WriteRequest.builder()
                                .putRequest(
                                        PutRequest.builder().item(attributes).build())
                                .build()));
            }
        }
        if (!pending.isEmpty()) {
            write(pending, progress, deadlineNanos);
        }
    }

    /**
     * Writes the items, retrying what is retryable. When DynamoDB refuses the request for its content
     * (a ValidationException), the items are split in halves and each half written on its own, down to
     * the single item at fault, which is refused alone: the other items of the request are stored.
     */
    private void write(List<Pending> items, Progress progress, long deadlineNanos) {
        int firstRecord = Integer.MAX_VALUE;
        Map<TradeItems.Key, Pending> unwritten = new LinkedHashMap<>(items.size() * 2);
        for (Pending p : items) {
            unwritten.put(p.item().key(), p);
            firstRecord = Math.min(firstRecord, p.item().firstRecord());
        }
        for (int attempt = 1; ; attempt++) {
            if (firstRecord > progress.lowestFailed.get()) {
                return; // an earlier record failed: Lambda redelivers this one anyway
            }
            String problem;
            try {
                List<WriteRequest> sent = new ArrayList<>(unwritten.size());
                for (Pending p : unwritten.values()) {
                    sent.add(p.request());
                }
                BatchWriteItemResponse response =
                        dynamo.batchWriteItem(b -> b.requestItems(Map.of(settings.table(), sent)));
                List<WriteRequest> unprocessed = response.hasUnprocessedItems()
                        ? response.unprocessedItems().getOrDefault(settings.table(), List.of())
                        : List.of();
                progress.written.addAndGet(sent.size() - unprocessed.size());
                if (unprocessed.isEmpty()) {
                    return;
                }
                Map<TradeItems.Key, Pending> left = new LinkedHashMap<>(unprocessed.size() * 2);
                for (WriteRequest request : unprocessed) {
                    TradeItems.Key key = TradeItems.Key.of(request.putRequest().item());
                    Pending p = unwritten.get(key);
                    if (p != null) {
                        left.put(key, p);
                    }
                }
                unwritten = left;
                problem = unprocessed.size() + " unprocessed items";
            } catch (SdkException e) {
                WriteErrors.Kind kind = WriteErrors.classify(e);
                if (kind == WriteErrors.Kind.REFUSED) {
                    List<Pending> refused = new ArrayList<>(unwritten.values());
                    if (refused.size() == 1) {
                        progress.refused.add(new Refused(
                                refused.get(0).item(),
                                new Rejection(RejectReason.STORE_REFUSED, "DynamoDB: " + e.getMessage())));
                    } else {
                        int half = refused.size() / 2;
                        write(refused.subList(0, half), progress, deadlineNanos);
                        write(refused.subList(half, refused.size()), progress, deadlineNanos);
                    }
                    return;
                }
                if (kind == WriteErrors.Kind.FATAL) {
                    progress.fail(items(unwritten), "not retryable: " + describe(e));
                    return;
                }
                problem = describe(e);
            }
            if (attempt >= settings.maxAttempts()) {
                progress.fail(items(unwritten), "gave up after " + attempt + " attempts: " + problem);
                return;
            }
            Duration wait = backoff.delay(attempt - 1, jitter); // calls count from 1, Backoff's retries from 0
            if (System.nanoTime() + wait.toNanos() > deadlineNanos) {
                progress.fail(items(unwritten), "out of time for retries: " + problem);
                return;
            }
            try {
                sleeper.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                progress.fail(items(unwritten), "interrupted while retrying: " + problem);
                return;
            }
            progress.retries.incrementAndGet();
        }
    }

    private static List<PlannedItem> items(Map<TradeItems.Key, Pending> pending) {
        List<PlannedItem> items = new ArrayList<>(pending.size());
        for (Pending p : pending.values()) {
            items.add(p.item());
        }
        return items;
    }

    private static void awaitAll(List<Future<?>> pending, Progress progress) {
        boolean interrupted = false;
        for (Future<?> future : pending) {
            while (true) {
                try {
                    future.get();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true; // the chunks still hold their records' fate: wait for them
                } catch (ExecutionException e) {
                    // writeChunk catches SDK errors; anything else is a bug, but must not lose data silently
                    throw new IllegalStateException("a write task failed unexpectedly", e.getCause());
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static String describe(SdkException e) {
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }
}
