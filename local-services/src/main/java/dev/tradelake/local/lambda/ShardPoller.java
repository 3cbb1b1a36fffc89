package dev.tradelake.local.lambda;

import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kinesis.model.ExpiredIteratorException;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.GetShardIteratorRequest;
import software.amazon.awssdk.services.kinesis.model.KmsThrottlingException;
import software.amazon.awssdk.services.kinesis.model.LimitExceededException;
import software.amazon.awssdk.services.kinesis.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * Reads one shard and invokes the function with its batches, in order, one at a time: the I/O
 * shell around {@link ShardBatches}. Runs on its own thread until the mapping closes or the shard
 * is read to its end.
 */
final class ShardPoller implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(ShardPoller.class);
    private static final Duration THROTTLED_WAIT = Duration.ofSeconds(1);
    private static final Duration MAX_ERROR_WAIT = Duration.ofSeconds(5);
    private static final int MAX_GET_RECORDS = 10_000;

    private final KinesisEventSourceMapping mapping;
    private final KinesisEventSourceMapping.Config config;
    private final String shardId;
    private final StartingPosition startingPosition;
    private final ShardBatches batches;
    private final Thread thread;

    private String iterator;
    private String lastReadSequence;
    private boolean shardEnded;
    private long firstPendingNanos;
    private int consecutiveErrors;

    // read by other threads (stats, awaitCaughtUp)
    private volatile long millisBehindLatest;
    private volatile long iteratorAgeMillis;
    private volatile String checkpoint;
    private volatile int pendingRecords;
    private volatile long idleSinceNanos = Long.MIN_VALUE;
    private volatile boolean finished;

    ShardPoller(KinesisEventSourceMapping mapping, String shardId, StartingPosition startingPosition) {
        this.mapping = mapping;
        this.config = mapping.config();
        this.shardId = shardId;
        this.startingPosition = startingPosition;
        this.batches = new ShardBatches(config.maximumRetryAttempts(), config.bisectBatchOnFunctionError());
        this.thread = new Thread(this, "esm-" + config.streamName() + "-" + shardId);
        this.thread.setDaemon(true);
    }

    String shardId() {
        return shardId;
    }

    Thread thread() {
        return thread;
    }

    boolean finished() {
        return finished;
    }

    /** True when a GetRecords that started after {@code nanos} found nothing, with nothing pending. */
    boolean idleSince(long nanos) {
        return idleSinceNanos != Long.MIN_VALUE && idleSinceNanos - nanos > 0;
    }

    KinesisEventSourceMapping.ShardStats stats() {
        return new KinesisEventSourceMapping.ShardStats(
                shardId, millisBehindLatest, iteratorAgeMillis, checkpoint, pendingRecords, finished);
    }

    @Override
    public void run() {
        try {
            while (mapping.running()) {
                boolean polledNothing = false;
                if (!shardEnded && !batches.retrying() && batches.size() < config.batchSize()) {
                    polledNothing = poll();
                }
                discardExpired();
                if (readyToInvoke()) {
                    invokeOnce();
                } else if (shardEnded && batches.isEmpty()) {
                    finished = true;
                    LOG.info("shard {} of {} is closed and read to its end", shardId, config.streamName());
                    mapping.shardFinished(shardId);
                    return;
                } else if (polledNothing) {
                    mapping.pause(idleWait());
                }
            }
        } catch (RuntimeException e) {
            LOG.error(
                    "shard {} of {}: poller stopped by an unexpected error; its records are no longer read",
                    shardId,
                    config.streamName(),
                    e);
        }
    }

    /** One GetRecords. Returns true when it found nothing (or failed): the caller then waits before the next. */
    private boolean poll() {
        long startNanos = System.nanoTime();
        GetRecordsResponse response;
        try {
            if (iterator == null) {
                iterator = newIterator();
            }
            String current = iterator;
            int limit = Math.min(MAX_GET_RECORDS, config.batchSize() - batches.size());
            response = config.kinesis().getRecords(b -> b.shardIterator(current).limit(limit));
            consecutiveErrors = 0;
        } catch (ExpiredIteratorException e) {
            iterator = null; // a fresh one continues after the last record read
            return false;
        } catch (ProvisionedThroughputExceededException | LimitExceededException | KmsThrottlingException e) {
            mapping.pause(THROTTLED_WAIT);
            return false;
        } catch (ResourceNotFoundException e) {
            throw new IllegalStateException("stream " + config.streamName() + " or shard " + shardId + " is gone", e);
        } catch (SdkException e) {
            consecutiveErrors++;
            if (consecutiveErrors == 1 || consecutiveErrors % 20 == 0) {
                LOG.warn(
                        "shard {} of {}: GetRecords failed {} time(s) in a row, retrying: {}",
                        shardId,
                        config.streamName(),
                        consecutiveErrors,
                        e.toString());
            }
            long waitMs = Math.min(MAX_ERROR_WAIT.toMillis(), 100L << Math.min(consecutiveErrors, 6));
            mapping.pause(Duration.ofMillis(waitMs));
            return false;
        }
        iterator = response.nextShardIterator();
        if (iterator == null) {
            shardEnded = true;
        }
        if (response.millisBehindLatest() != null) {
            millisBehindLatest = response.millisBehindLatest();
        }
        List<Record> records = response.records();
        if (records.isEmpty()) {
            if (batches.isEmpty()) {
                iteratorAgeMillis = 0;
                idleSinceNanos = startNanos;
            }
            return true;
        }
        if (batches.isEmpty()) {
            firstPendingNanos = System.nanoTime();
        }
        batches.add(records);
        pendingRecords = batches.size();
        lastReadSequence = records.get(records.size() - 1).sequenceNumber();
        mapping.counters().recordsRead.addAndGet(records.size());
        return false;
    }

    private String newIterator() {
        GetShardIteratorRequest.Builder request = GetShardIteratorRequest.builder()
                .streamName(config.streamName())
                .shardId(shardId);
        if (lastReadSequence != null) {
            request.shardIteratorType(ShardIteratorType.AFTER_SEQUENCE_NUMBER).startingSequenceNumber(lastReadSequence);
        } else if (startingPosition == StartingPosition.AT_TIMESTAMP) {
            request.shardIteratorType(ShardIteratorType.AT_TIMESTAMP).timestamp(config.startingPositionTimestamp());
        } else {
            request.shardIteratorType(
                    startingPosition == StartingPosition.LATEST
                            ? ShardIteratorType.LATEST
                            : ShardIteratorType.TRIM_HORIZON);
        }
        return config.kinesis().getShardIterator(request.build()).shardIterator();
    }

    private boolean readyToInvoke() {
        if (batches.isEmpty()) {
            return false;
        }
        long windowNanos = TimeUnit.SECONDS.toNanos(config.maximumBatchingWindowInSeconds());
        return batches.retrying()
                || shardEnded
                || windowNanos == 0
                || batches.size() >= config.batchSize()
                || batches.pendingPayloadBytes() >= KinesisEventSourceMapping.MAX_PAYLOAD_BYTES
                || System.nanoTime() - firstPendingNanos >= windowNanos;
    }

    /** Idle: the poll interval, or less when a gathering window closes sooner. */
    private Duration idleWait() {
        Duration wait = config.pollIntervalWhenIdle();
        if (!batches.isEmpty()) {
            long windowLeft = TimeUnit.SECONDS.toNanos(config.maximumBatchingWindowInSeconds())
                    - (System.nanoTime() - firstPendingNanos);
            wait = Duration.ofNanos(Math.max(0, Math.min(wait.toNanos(), windowLeft)));
        }
        return wait;
    }

    private void discardExpired() {
        if (config.maximumRecordAgeInSeconds() < 0 || batches.isEmpty()) {
            return;
        }
        List<Record> expired =
                batches.removeArrivedBefore(Instant.now().minusSeconds(config.maximumRecordAgeInSeconds()));
        if (!expired.isEmpty()) {
            discard(
                    expired,
                    OnFailureDestination.RECORD_AGE_EXCEEDED,
                    0,
                    new OnFailureDestination.LastResponse(
                            false,
                            "records older than " + config.maximumRecordAgeInSeconds()
                                    + " s (maximumRecordAgeInSeconds)"));
            pendingRecords = batches.size();
        }
    }

    private void invokeOnce() {
        boolean redelivery = batches.retrying();
        List<Record> batch = batches.nextBatch(config.batchSize(), KinesisEventSourceMapping.MAX_PAYLOAD_BYTES);
        KinesisEvent event = KinesisEvents.of(batch, shardId, mapping.source());
        Instant lastArrival = batch.get(batch.size() - 1).approximateArrivalTimestamp();
        if (lastArrival != null) {
            iteratorAgeMillis = Math.max(0, Instant.now().toEpochMilli() - lastArrival.toEpochMilli());
        }
        KinesisEventSourceMapping.Counters counters = mapping.counters();
        counters.batches.incrementAndGet();
        if (redelivery) {
            counters.retries.incrementAndGet();
        }

        InvocationOutcome outcome;
        try {
            StreamsEventResponse response = config.function()
                    .handleRequest(
                            event,
                            new LocalLambdaContext(
                                    config.functionName(), config.functionArn(), config.functionTimeout()));
            outcome = InvocationOutcome.of(batch, response, config.reportBatchItemFailures());
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) { // anything the function throws is a function error, as on AWS
            outcome = InvocationOutcome.thrown(e);
            counters.functionErrors.incrementAndGet();
        }

        ShardBatches.Next next;
        if (outcome instanceof InvocationOutcome.Success) {
            next = batches.onSuccess(batch);
            done(batch, batch.size());
        } else if (outcome instanceof InvocationOutcome.PartialFailure partial) {
            counters.partialFailures.incrementAndGet();
            done(batch, partial.failedIndex());
            next = batches.onPartialFailure(batch, partial.failedIndex());
        } else {
            InvocationOutcome.Failure failure = (InvocationOutcome.Failure) outcome;
            next = batches.onFailure(batch, failure.functionError());
        }
        pendingRecords = batches.size();

        if (next instanceof ShardBatches.Next.Retry retry) {
            if (retry.failures() == 1 || retry.failures() % 10 == 0) {
                LOG.warn(
                        "shard {} of {}: batch from {} failed ({} time(s)): {}; retrying",
                        shardId,
                        config.streamName(),
                        batch.get(0).sequenceNumber(),
                        retry.failures(),
                        describe(outcome));
            }
            mapping.pause(retryDelay(retry.failures()));
        } else if (next instanceof ShardBatches.Next.Bisected bisected) {
            LOG.info(
                    "shard {} of {}: batch of {} from {} failed ({}); bisecting into {} + {}",
                    shardId,
                    config.streamName(),
                    batch.size(),
                    batch.get(0).sequenceNumber(),
                    describe(outcome),
                    bisected.firstHalf(),
                    bisected.secondHalf());
        } else if (next instanceof ShardBatches.Next.Discard discard) {
            discard(
                    discard.records(),
                    OnFailureDestination.RETRIES_EXHAUSTED,
                    discard.invokeCount(),
                    lastResponse(outcome));
        }
    }

    private void done(List<Record> batch, int count) {
        if (count > 0) {
            mapping.counters().recordsDelivered.addAndGet(count);
            checkpoint = batch.get(count - 1).sequenceNumber();
        }
    }

    private void discard(
            List<Record> records, String condition, int invokeCount, OnFailureDestination.LastResponse last) {
        mapping.counters().recordsSentToOnFailure.addAndGet(records.size());
        checkpoint = records.get(records.size() - 1).sequenceNumber();
        String range = records.get(0).sequenceNumber() + ".." + checkpoint;
        OnFailureDestination destination = mapping.onFailure();
        if (destination == null) {
            LOG.warn(
                    "shard {} of {}: {} record(s) {} discarded ({}), no on-failure destination: {}",
                    shardId,
                    config.streamName(),
                    records.size(),
                    range,
                    condition,
                    last.message());
            return;
        }
        destination.write(
                config.functionArn(),
                mapping.source().streamArn(),
                shardId,
                records,
                condition,
                invokeCount,
                last,
                Instant.now());
        LOG.warn(
                "shard {} of {}: {} record(s) {} sent to the on-failure destination {} ({}): {}",
                shardId,
                config.streamName(),
                records.size(),
                range,
                destination.file(),
                condition,
                last.message());
    }

    private Duration retryDelay(int failures) {
        long initial = config.initialRetryDelay().toNanos();
        long max = config.maxRetryDelay().toNanos();
        long delay = initial;
        for (int i = 1; i < failures && delay < max; i++) {
            delay <<= 1;
        }
        return Duration.ofNanos(Math.min(delay, max));
    }

    private static OnFailureDestination.LastResponse lastResponse(InvocationOutcome outcome) {
        if (outcome instanceof InvocationOutcome.Failure failure) {
            return new OnFailureDestination.LastResponse(failure.functionError(), failure.reason());
        }
        return new OnFailureDestination.LastResponse(false, describe(outcome));
    }

    private static String describe(InvocationOutcome outcome) {
        if (outcome instanceof InvocationOutcome.PartialFailure partial) {
            return "batch item failure reported at sequence number " + partial.sequenceNumber();
        }
        if (outcome instanceof InvocationOutcome.Failure failure) {
            return (failure.functionError() ? "function error: " : "") + failure.reason();
        }
        return "success";
    }
}
