package dev.tradelake.local.lambda;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import io.soabase.recordbuilder.core.RecordBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ListShardsRequest;
import software.amazon.awssdk.services.kinesis.model.ListShardsResponse;
import software.amazon.awssdk.services.kinesis.model.Shard;

/**
 * Lambda's Kinesis event source mapping, locally: runs any {@code RequestHandler<KinesisEvent,
 * StreamsEventResponse>} against a stream (the kinesalite emulator, or real Kinesis) with the
 * semantics of the AWS one, configured with the same names as the Terraform
 * {@code aws_lambda_event_source_mapping} resource and with AWS's defaults.
 *
 * <pre>
 * try (KinesisEventSourceMapping esm = KinesisEventSourceMapping.builder()
 *         .kinesis(aws.kinesis()).streamName("trades").function(handler)
 *         .startingPosition(StartingPosition.TRIM_HORIZON)
 *         .batchSize(100).bisectBatchOnFunctionError(true).maximumRetryAttempts(3)
 *         .functionResponseTypes(Set.of("ReportBatchItemFailures"))
 *         .destinationConfigOnFailure(Path.of("on-failure.jsonl"))
 *         .build().start()) {
 *     ...
 *     esm.awaitCaughtUp(Duration.ofMinutes(1));
 * }
 * </pre>
 *
 * <h2>Semantics</h2>
 * <ul>
 *   <li>One poller thread per shard; a shard's records reach the function in order, one batch at a
 *       time. Several shards invoke the function concurrently, as several Lambda instances would:
 *       the handler must be thread-safe.</li>
 *   <li>A batch is sent when {@code batchSize} records are gathered, when
 *       {@code maximumBatchingWindowInSeconds} has passed since its first record was read (at once when
 *       0), or when it reaches the 6 MB invocation payload limit.</li>
 *   <li>Errors, retries, bisection, record age and partial batch responses: see {@link ShardBatches} and
 *       {@link InvocationOutcome}. Discarded batches go to the on-failure destination
 *       ({@link OnFailureDestination}), or are dropped with a warning when there is none, as on AWS.</li>
 *   <li>Checkpoints are kept in memory: a new mapping starts again from {@code startingPosition}.
 *       Resharding is followed: a child shard starts (from TRIM_HORIZON) once its parents are read
 *       to their end.</li>
 *   <li>An idle shard is polled every {@code pollIntervalWhenIdle} (250 ms by default), never in a hot
 *       loop: AWS allows 5 GetRecords calls per second per shard.</li>
 * </ul>
 * Not supported: {@code parallelizationFactor} other than 1, tumbling windows, enhanced fan-out,
 * filter criteria, {@code enabled = false} (do not start the mapping instead), and function timeouts
 * (the configured timeout only feeds {@code Context.getRemainingTimeInMillis()}).
 */
public final class KinesisEventSourceMapping implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KinesisEventSourceMapping.class);
    /** Lambda's synchronous invocation payload limit. */
    static final long MAX_PAYLOAD_BYTES = 6L * 1024 * 1024;

    public static final String REPORT_BATCH_ITEM_FAILURES = "ReportBatchItemFailures";
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(30);

    private final Config config;
    private final Map<String, ShardPoller> pollers = new ConcurrentHashMap<>();
    private final Set<String> finishedShards = ConcurrentHashMap.newKeySet();
    private final Counters counters = new Counters();
    private final Object wake = new Object();
    private volatile boolean running;
    private volatile KinesisEvents.Source source;
    private OnFailureDestination onFailure;

    private KinesisEventSourceMapping(Config config) {
        this.config = config;
    }

    /** Settings with AWS's defaults; {@code build().start()} starts a mapping. */
    public static KinesisEventSourceMappingConfigBuilder builder() {
        return KinesisEventSourceMappingConfigBuilder.builder();
    }

    /** Reads the stream's shards and starts a poller for each shard that can be read now. Returns this. */
    public synchronized KinesisEventSourceMapping start() {
        if (running) {
            throw new IllegalStateException("already started");
        }
        String streamArn = config.kinesis
                .describeStreamSummary(b -> b.streamName(config.streamName))
                .streamDescriptionSummary()
                .streamARN();
        source = new KinesisEvents.Source(
                streamArn != null
                        ? streamArn
                        : "arn:aws:kinesis:" + config.region + ":" + config.accountId + ":stream/" + config.streamName,
                config.region,
                "arn:aws:iam::" + config.accountId + ":role/" + config.functionName + "-role");
        onFailure = config.destinationConfigOnFailure == null
                ? null
                : new OnFailureDestination(config.destinationConfigOnFailure);
        running = true;
        startEligibleShards(true);
        LOG.info(
                "event source mapping started: stream {} -> function {} ({} shard(s), batchSize {}, window {} s)",
                config.streamName,
                config.functionName,
                pollers.size(),
                config.batchSize,
                config.maximumBatchingWindowInSeconds);
        return this;
    }

    /** Counters and lag since {@link #start()}. */
    public Stats stats() {
        Map<String, ShardStats> shards = new LinkedHashMap<>();
        for (ShardPoller poller : pollers.values()) {
            shards.put(poller.shardId(), poller.stats());
        }
        return new Stats(
                counters.recordsRead.get(),
                counters.recordsDelivered.get(),
                counters.batches.get(),
                counters.retries.get(),
                counters.functionErrors.get(),
                counters.partialFailures.get(),
                counters.recordsSentToOnFailure.get(),
                Collections.unmodifiableMap(shards));
    }

    /**
     * Waits until every record put on the stream before this call has been handled (done or
     * discarded): each shard has since found nothing new to read with nothing left pending, or
     * has been read to its end.
     *
     * @return false when that did not happen within {@code timeout} (e.g. a batch is being retried)
     */
    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        long since = System.nanoTime();
        long deadline = since + timeout.toNanos();
        while (true) {
            boolean caughtUp = running;
            for (ShardPoller poller : pollers.values()) {
                caughtUp &= poller.finished() || poller.idleSince(since);
            }
            if (caughtUp) {
                return true;
            }
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
    }

    /** The on-failure destination file, when one is configured. */
    public Path onFailureDestination() {
        return config.destinationConfigOnFailure;
    }

    /**
     * Stops polling. An invocation in progress is let finish (up to 30 s), so the function is not
     * interrupted in the middle of a write; records not yet done are simply not checkpointed.
     */
    @Override
    public void close() {
        running = false;
        synchronized (wake) {
            wake.notifyAll();
        }
        long deadline = System.nanoTime() + CLOSE_GRACE.toNanos();
        for (ShardPoller poller : pollers.values()) {
            try {
                poller.thread().join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            if (poller.thread().isAlive()) {
                poller.thread().interrupt();
            }
        }
    }

    boolean running() {
        return running;
    }

    Config config() {
        return config;
    }

    Counters counters() {
        return counters;
    }

    KinesisEvents.Source source() {
        return source;
    }

    OnFailureDestination onFailure() {
        return onFailure;
    }

    /** Sleeps unless {@link #close()} is called meanwhile. */
    void pause(Duration duration) {
        long nanos = duration.toNanos();
        if (nanos <= 0 || !running) {
            return;
        }
        synchronized (wake) {
            try {
                TimeUnit.NANOSECONDS.timedWait(wake, nanos);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Called by a poller that read its shard to the end: its children may start now. */
    void shardFinished(String shardId) {
        finishedShards.add(shardId);
        if (running) {
            startEligibleShards(false);
        }
    }

    /**
     * Starts a poller for every shard not started yet whose parents (if the stream still lists them)
     * are read to their end. At start, a LATEST mapping reads only the open shards.
     */
    private synchronized void startEligibleShards(boolean initial) {
        List<Shard> shards = listShards();
        Set<String> listed = new LinkedHashSet<>();
        for (Shard shard : shards) {
            listed.add(shard.shardId());
        }
        for (Shard shard : shards) {
            if (pollers.containsKey(shard.shardId())) {
                continue;
            }
            boolean open = shard.sequenceNumberRange() == null
                    || shard.sequenceNumberRange().endingSequenceNumber() == null;
            StartingPosition position = initial ? config.startingPosition : StartingPosition.TRIM_HORIZON;
            boolean eligible = initial && position == StartingPosition.LATEST
                    ? open
                    : parentsDone(shard.parentShardId(), listed) && parentsDone(shard.adjacentParentShardId(), listed);
            if (eligible) {
                ShardPoller poller = new ShardPoller(this, shard.shardId(), position);
                pollers.put(shard.shardId(), poller);
                poller.thread().start();
            }
        }
    }

    private boolean parentsDone(String parent, Set<String> listed) {
        return parent == null || !listed.contains(parent) || finishedShards.contains(parent);
    }

    private List<Shard> listShards() {
        List<Shard> shards = new ArrayList<>();
        String next = null;
        do {
            ListShardsRequest request = next == null
                    ? ListShardsRequest.builder().streamName(config.streamName).build()
                    : ListShardsRequest.builder().nextToken(next).build();
            ListShardsResponse response = config.kinesis.listShards(request);
            shards.addAll(response.shards());
            next = response.nextToken();
        } while (next != null);
        return shards;
    }

    /** Mapping-wide counters, updated by the pollers. */
    static final class Counters {
        final AtomicLong recordsRead = new AtomicLong();
        final AtomicLong recordsDelivered = new AtomicLong();
        final AtomicLong batches = new AtomicLong();
        final AtomicLong retries = new AtomicLong();
        final AtomicLong functionErrors = new AtomicLong();
        final AtomicLong partialFailures = new AtomicLong();
        final AtomicLong recordsSentToOnFailure = new AtomicLong();
    }

    /**
     * A snapshot of the mapping's counters.
     *
     * @param recordsRead            records read from the stream
     * @param recordsDelivered       records the function handled successfully (each counted once)
     * @param batches                invocations of the function, retries included
     * @param retries                invocations that delivered records again (after a failure or a bisection)
     * @param functionErrors         invocations that threw
     * @param partialFailures        invocations that reported batch item failures
     * @param recordsSentToOnFailure records discarded (retries exhausted or too old), to the on-failure destination
     * @param shards                 per shard, by shard id
     */
    public record Stats(
            long recordsRead,
            long recordsDelivered,
            long batches,
            long retries,
            long functionErrors,
            long partialFailures,
            long recordsSentToOnFailure,
            Map<String, ShardStats> shards) {

        /** The largest {@code MillisBehindLatest} any shard's last GetRecords returned (kinesalite always says 0). */
        public long maxMillisBehindLatest() {
            return shards.values().stream()
                    .mapToLong(ShardStats::millisBehindLatest)
                    .max()
                    .orElse(0);
        }

        /** The largest iterator age over the shards: Lambda's {@code IteratorAge} metric, the lag that matters. */
        public long maxIteratorAgeMillis() {
            return shards.values().stream()
                    .mapToLong(ShardStats::iteratorAgeMillis)
                    .max()
                    .orElse(0);
        }
    }

    /**
     * One shard's state.
     *
     * @param millisBehindLatest   from the shard's last GetRecords
     * @param iteratorAgeMillis    age of the last record of the last batch when it was invoked; 0 once caught up
     * @param checkpoint           sequence number of the last record done (or discarded), null before any
     * @param pendingRecords       read, not yet done
     * @param finished             the shard is closed and read to its end
     */
    public record ShardStats(
            String shardId,
            long millisBehindLatest,
            long iteratorAgeMillis,
            String checkpoint,
            int pendingRecords,
            boolean finished) {}

    /**
     * The mapping's settings, named as in {@code aws_lambda_event_source_mapping} (camel-cased as in the
     * Lambda API), each with AWS's default. Required: {@link #kinesis}, {@link #streamName},
     * {@link #function}, {@link #startingPosition}. Built with {@link KinesisEventSourceMapping#builder()}
     * (generated from this declaration); the constructor names the first setting out of range.
     *
     * @param kinesis the client to read the stream with (sync SDK v2; the mapping does not close it)
     * @param streamName the stream, by name (kinesalite does not take ARNs)
     * @param function the function to invoke; it must be thread-safe when the stream has several shards
     * @param functionName names the function in its Context, logs and on-failure records
     * @param region in the ARNs of events and on-failure records
     * @param accountId in the ARNs of events and on-failure records
     * @param startingPosition {@code starting_position}, required as on AWS
     * @param startingPositionTimestamp {@code starting_position_timestamp}: with AT_TIMESTAMP, and only then
     * @param batchSize {@code batch_size}: records per invocation at most, 1 to 10,000
     * @param maximumBatchingWindowInSeconds {@code maximum_batching_window_in_seconds}: how long to gather
     *     records, 0 (invoke at once) to 300
     * @param parallelizationFactor {@code parallelization_factor}: only 1 is supported locally
     * @param bisectBatchOnFunctionError {@code bisect_batch_on_function_error}: split a batch whose
     *     invocation threw
     * @param maximumRetryAttempts {@code maximum_retry_attempts}: -1 (infinite) to 10,000
     * @param maximumRecordAgeInSeconds {@code maximum_record_age_in_seconds}: -1 (infinite) or 60 to 604,800
     * @param functionResponseTypes {@code function_response_types}: only {@value #REPORT_BATCH_ITEM_FAILURES}
     *     exists
     * @param destinationConfigOnFailure {@code destination_config { on_failure { destination_arn } }},
     *     locally a JSON-lines file that receives one line per discarded batch; null: discarded records
     *     are only logged, as on AWS
     * @param functionTimeout the function's timeout as its Context reports it (not enforced); AWS's
     *     default is 3 s
     * @param pollIntervalWhenIdle local only: how often an idle shard is polled (AWS allows 5 GetRecords/s
     *     per shard)
     * @param initialRetryDelay local only: the wait before retrying a failed batch, doubling per failure
     * @param maxRetryDelay local only: the longest wait before retrying a failed batch
     */
    @RecordBuilder
    public record Config(
            KinesisClient kinesis,
            String streamName,
            RequestHandler<KinesisEvent, StreamsEventResponse> function,

            @RecordBuilder.Initializer("DEFAULT_FUNCTION_NAME")
            String functionName,

            @RecordBuilder.Initializer("DEFAULT_REGION") String region,
            @RecordBuilder.Initializer("DEFAULT_ACCOUNT_ID") String accountId,
            StartingPosition startingPosition,
            Instant startingPositionTimestamp,
            @RecordBuilder.Initializer("DEFAULT_BATCH_SIZE") int batchSize,
            int maximumBatchingWindowInSeconds,

            @RecordBuilder.Initializer("DEFAULT_PARALLELIZATION_FACTOR")
            int parallelizationFactor,

            boolean bisectBatchOnFunctionError,
            @RecordBuilder.Initializer("INFINITE") int maximumRetryAttempts,
            @RecordBuilder.Initializer("INFINITE") int maximumRecordAgeInSeconds,
            @RecordBuilder.Initializer("NO_RESPONSE_TYPES") Set<String> functionResponseTypes,
            Path destinationConfigOnFailure,

            @RecordBuilder.Initializer("DEFAULT_FUNCTION_TIMEOUT")
            Duration functionTimeout,

            @RecordBuilder.Initializer("DEFAULT_POLL_INTERVAL_WHEN_IDLE")
            Duration pollIntervalWhenIdle,

            @RecordBuilder.Initializer("DEFAULT_INITIAL_RETRY_DELAY")
            Duration initialRetryDelay,

            @RecordBuilder.Initializer("DEFAULT_MAX_RETRY_DELAY")
            Duration maxRetryDelay) {

        public static final String DEFAULT_FUNCTION_NAME = "local-function";
        public static final String DEFAULT_REGION = "us-east-1";
        public static final String DEFAULT_ACCOUNT_ID = "000000000000";
        public static final int DEFAULT_BATCH_SIZE = 100;
        public static final int DEFAULT_PARALLELIZATION_FACTOR = 1;
        /** Of {@code maximumRetryAttempts} and {@code maximumRecordAgeInSeconds}: no limit, AWS's default. */
        public static final int INFINITE = -1;

        public static final Set<String> NO_RESPONSE_TYPES = Set.of();
        /** Longer than AWS's 3 s: the local handler shares a loaded machine. */
        public static final Duration DEFAULT_FUNCTION_TIMEOUT = Duration.ofSeconds(60);

        public static final Duration DEFAULT_POLL_INTERVAL_WHEN_IDLE = Duration.ofMillis(250);
        public static final Duration DEFAULT_INITIAL_RETRY_DELAY = Duration.ofMillis(100);
        public static final Duration DEFAULT_MAX_RETRY_DELAY = Duration.ofSeconds(5);

        public Config {
            Objects.requireNonNull(kinesis, "kinesis is required");
            require(streamName != null && !streamName.isBlank(), "streamName is required");
            Objects.requireNonNull(function, "function is required");
            Objects.requireNonNull(
                    startingPosition, "startingPosition is required (TRIM_HORIZON, LATEST or AT_TIMESTAMP)");
            require(
                    (startingPosition == StartingPosition.AT_TIMESTAMP) == (startingPositionTimestamp != null),
                    "startingPositionTimestamp is required with AT_TIMESTAMP and only then");
            require(batchSize >= 1 && batchSize <= 10_000, "batchSize must be 1 to 10000, was " + batchSize);
            require(
                    maximumBatchingWindowInSeconds >= 0 && maximumBatchingWindowInSeconds <= 300,
                    "maximumBatchingWindowInSeconds must be 0 to 300, was " + maximumBatchingWindowInSeconds);
            if (parallelizationFactor != 1) {
                throw new UnsupportedOperationException("parallelizationFactor " + parallelizationFactor
                        + " is not supported by the local event source mapping (only 1)");
            }
            require(
                    maximumRetryAttempts >= -1 && maximumRetryAttempts <= 10_000,
                    "maximumRetryAttempts must be -1 to 10000, was " + maximumRetryAttempts);
            require(
                    maximumRecordAgeInSeconds == -1
                            || (maximumRecordAgeInSeconds >= 60 && maximumRecordAgeInSeconds <= 604_800),
                    "maximumRecordAgeInSeconds must be -1 or 60 to 604800, was " + maximumRecordAgeInSeconds);
            functionResponseTypes = Set.copyOf(functionResponseTypes);
            for (String type : functionResponseTypes) {
                require(
                        REPORT_BATCH_ITEM_FAILURES.equals(type),
                        "functionResponseTypes may only hold " + REPORT_BATCH_ITEM_FAILURES + ", not " + type);
            }
            require(!functionTimeout.isNegative() && !functionTimeout.isZero(), "functionTimeout must be > 0");
            require(
                    !pollIntervalWhenIdle.isNegative() && pollIntervalWhenIdle.toMillis() >= 10,
                    "pollIntervalWhenIdle must be at least 10 ms");
            require(
                    !initialRetryDelay.isNegative() && maxRetryDelay.compareTo(initialRetryDelay) >= 0,
                    "retryDelay needs 0 <= initialRetryDelay <= maxRetryDelay");
        }

        /** A new mapping with these settings, started: see {@link KinesisEventSourceMapping#start()}. */
        public KinesisEventSourceMapping start() {
            return new KinesisEventSourceMapping(this).start();
        }

        boolean reportBatchItemFailures() {
            return functionResponseTypes.contains(REPORT_BATCH_ITEM_FAILURES);
        }

        String functionArn() {
            return "arn:aws:lambda:" + region + ":" + accountId + ":function:" + functionName;
        }

        private static void require(boolean condition, String message) {
            if (!condition) {
                throw new IllegalArgumentException(message);
            }
        }
    }
}
