package dev.tradelake.local.lambda;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
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
 *         .functionResponseTypes("ReportBatchItemFailures")
 *         .destinationConfigOnFailure(Path.of("on-failure.jsonl"))
 *         .start()) {
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

    public static Builder builder() {
        return new Builder();
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
        onFailure = config.onFailureFile == null ? null : new OnFailureDestination(config.onFailureFile);
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
        return config.onFailureFile;
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

    /** The mapping's settings, validated. */
    record Config(
            KinesisClient kinesis,
            String streamName,
            RequestHandler<KinesisEvent, StreamsEventResponse> function,
            String functionName,
            String region,
            String accountId,
            StartingPosition startingPosition,
            Instant startingPositionTimestamp,
            int batchSize,
            int maximumBatchingWindowInSeconds,
            boolean bisectBatchOnFunctionError,
            int maximumRetryAttempts,
            int maximumRecordAgeInSeconds,
            boolean reportBatchItemFailures,
            Path onFailureFile,
            Duration functionTimeout,
            Duration pollIntervalWhenIdle,
            Duration initialRetryDelay,
            Duration maxRetryDelay) {

        String functionArn() {
            return "arn:aws:lambda:" + region + ":" + accountId + ":function:" + functionName;
        }
    }

    /**
     * Settings named as in {@code aws_lambda_event_source_mapping} (camel-cased as in the Lambda API),
     * with AWS's defaults. Required: {@link #kinesis}, {@link #streamName}, {@link #function},
     * {@link #startingPosition}.
     */
    public static final class Builder {
        private KinesisClient kinesis;
        private String streamName;
        private RequestHandler<KinesisEvent, StreamsEventResponse> function;
        private String functionName = "local-function";
        private String region = "us-east-1";
        private String accountId = "000000000000";
        private StartingPosition startingPosition;
        private Instant startingPositionTimestamp;
        private int batchSize = 100;
        private int maximumBatchingWindowInSeconds = 0;
        private int parallelizationFactor = 1;
        private boolean bisectBatchOnFunctionError = false;
        private int maximumRetryAttempts = -1;
        private int maximumRecordAgeInSeconds = -1;
        private final Set<String> functionResponseTypes = new LinkedHashSet<>();
        private Path onFailureFile;
        private Duration functionTimeout = Duration.ofSeconds(60);
        private Duration pollIntervalWhenIdle = Duration.ofMillis(250);
        private Duration initialRetryDelay = Duration.ofMillis(100);
        private Duration maxRetryDelay = Duration.ofSeconds(5);

        private Builder() {}

        /** The client to read the stream with (sync SDK v2; the mapping does not close it). Required. */
        public Builder kinesis(KinesisClient kinesis) {
            this.kinesis = kinesis;
            return this;
        }

        /** The stream, by name (kinesalite does not take ARNs). Required. */
        public Builder streamName(String streamName) {
            this.streamName = streamName;
            return this;
        }

        /** The function to invoke; it must be thread-safe when the stream has several shards. Required. */
        public Builder function(RequestHandler<KinesisEvent, StreamsEventResponse> function) {
            this.function = function;
            return this;
        }

        /** Names the function in its Context, logs and on-failure records. Default {@code local-function}. */
        public Builder functionName(String functionName) {
            this.functionName = functionName;
            return this;
        }

        /** Region and account in the ARNs of events and on-failure records. Defaults {@code us-east-1}, {@code 000000000000}. */
        public Builder arnParts(String region, String accountId) {
            this.region = region;
            this.accountId = accountId;
            return this;
        }

        /** {@code starting_position}. Required, as on AWS. */
        public Builder startingPosition(StartingPosition startingPosition) {
            this.startingPosition = startingPosition;
            return this;
        }

        /** {@code starting_position_timestamp}: only with {@link StartingPosition#AT_TIMESTAMP}, and required then. */
        public Builder startingPositionTimestamp(Instant timestamp) {
            this.startingPositionTimestamp = timestamp;
            return this;
        }

        /** {@code batch_size}: records per invocation at most, 1 to 10,000. Default 100. */
        public Builder batchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /** {@code maximum_batching_window_in_seconds}: how long to gather records, 0 to 300. Default 0 (invoke at once). */
        public Builder maximumBatchingWindowInSeconds(int seconds) {
            this.maximumBatchingWindowInSeconds = seconds;
            return this;
        }

        /** {@code parallelization_factor}: only 1 (the default) is supported locally. */
        public Builder parallelizationFactor(int factor) {
            this.parallelizationFactor = factor;
            return this;
        }

        /** {@code bisect_batch_on_function_error}: split a batch whose invocation threw. Default false. */
        public Builder bisectBatchOnFunctionError(boolean bisect) {
            this.bisectBatchOnFunctionError = bisect;
            return this;
        }

        /** {@code maximum_retry_attempts}: -1 (infinite, the default) to 10,000. */
        public Builder maximumRetryAttempts(int attempts) {
            this.maximumRetryAttempts = attempts;
            return this;
        }

        /** {@code maximum_record_age_in_seconds}: -1 (infinite, the default) or 60 to 604,800. */
        public Builder maximumRecordAgeInSeconds(int seconds) {
            this.maximumRecordAgeInSeconds = seconds;
            return this;
        }

        /** {@code function_response_types}: only {@value #REPORT_BATCH_ITEM_FAILURES} exists. Default none. */
        public Builder functionResponseTypes(String... types) {
            functionResponseTypes.clear();
            functionResponseTypes.addAll(List.of(types));
            return this;
        }

        /**
         * {@code destination_config { on_failure { destination_arn } }}, locally a JSON-lines file that
         * receives one line per discarded batch. Default none: discarded records are only logged.
         */
        public Builder destinationConfigOnFailure(Path jsonLinesFile) {
            this.onFailureFile = jsonLinesFile;
            return this;
        }

        /** The function's timeout as its Context reports it (not enforced). Default 60 s (AWS's is 3 s). */
        public Builder functionTimeout(Duration timeout) {
            this.functionTimeout = timeout;
            return this;
        }

        /** Local only: how often an idle shard is polled. Default 250 ms (AWS allows 5 GetRecords/s per shard). */
        public Builder pollIntervalWhenIdle(Duration interval) {
            this.pollIntervalWhenIdle = interval;
            return this;
        }

        /** Local only: the wait before retrying a failed batch, doubling per failure. Default 100 ms up to 5 s. */
        public Builder retryDelay(Duration initial, Duration max) {
            this.initialRetryDelay = initial;
            this.maxRetryDelay = max;
            return this;
        }

        /** Validates the settings, naming the first one out of range. */
        public KinesisEventSourceMapping build() {
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
                    "retryDelay needs 0 <= initial <= max");
            return new KinesisEventSourceMapping(new Config(
                    kinesis,
                    streamName,
                    function,
                    functionName,
                    region,
                    accountId,
                    startingPosition,
                    startingPositionTimestamp,
                    batchSize,
                    maximumBatchingWindowInSeconds,
                    bisectBatchOnFunctionError,
                    maximumRetryAttempts,
                    maximumRecordAgeInSeconds,
                    functionResponseTypes.contains(REPORT_BATCH_ITEM_FAILURES),
                    onFailureFile,
                    functionTimeout,
                    pollIntervalWhenIdle,
                    initialRetryDelay,
                    maxRetryDelay));
        }

        /** {@link #build()} then {@link KinesisEventSourceMapping#start()}. */
        public KinesisEventSourceMapping start() {
            return build().start();
        }

        private static void require(boolean condition, String message) {
            if (!condition) {
                throw new IllegalArgumentException(message);
            }
        }
    }
}
