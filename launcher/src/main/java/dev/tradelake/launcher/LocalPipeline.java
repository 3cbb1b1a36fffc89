package dev.tradelake.launcher;

import dev.tradelake.flink.BarsJob;
import dev.tradelake.flink.BarsJobOptions;
import dev.tradelake.flink.JobConfiguration;
import dev.tradelake.ingest.IngestConfig;
import dev.tradelake.ingest.IngestMetrics;
import dev.tradelake.ingest.IngestService;
import dev.tradelake.lambda.FileDeadLetterSink;
import dev.tradelake.lambda.Sleeper;
import dev.tradelake.lambda.StorageCounters;
import dev.tradelake.lambda.TradeStorageHandler;
import dev.tradelake.lambda.WriteSettings;
import dev.tradelake.launcher.tables.StoredItems;
import dev.tradelake.local.aws.LocalAws;
import dev.tradelake.local.feed.LocalFinnhubFeed;
import dev.tradelake.local.feed.Pace;
import dev.tradelake.local.lambda.KinesisEventSourceMapping;
import dev.tradelake.local.lambda.KinesisEventSourceMappingConfigBuilder;
import dev.tradelake.local.lambda.StartingPosition;
import dev.tradelake.model.Bar;
import dev.tradelake.model.WindowSizes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.jobgraph.SavepointConfigOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole datalake on one machine: emulators, the feed, the ingest, the Lambda handler under the
 * local event-source mapping, and the Flink job on a MiniCluster, all wired as on AWS.
 * {@code ./datalake local} and the end-to-end tests drive this same class.
 */
final class LocalPipeline implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalPipeline.class);

    /** How the local run is set up; see {@link LocalCommand} for the flags. */
    record Settings(
            Path workDir,
            FeedChoice feed,
            Pace pace,
            List<String> symbols,
            String windows,
            boolean flink,
            Duration closeBarsAfterQuiet,
            int shards,
            Path recordFrames) {}

    /** Settings of the local event-source mapping, as Terraform names them (see terraform/lambda.tf). */
    static final int BATCH_SIZE = 100;
    /** 0 rather than Terraform's default of 1 s: a local run is about seeing trades land, not saving invocations. */
    private static final int BATCHING_WINDOW_SECONDS = 0;
    /** Terraform's defaults: a batch that cannot be stored is retried for all but the last hour of the retention, which is left for ./datalake redrive to re-read it. */
    static final int MAXIMUM_RETRY_ATTEMPTS = -1;

    static final int MAXIMUM_RECORD_AGE_SECONDS = 601_200;
    /** Terraform's default {@code kinesis_retention_hours}: how long an outage may last without losing trades. */
    static final int STREAM_RETENTION_HOURS = 168;
    /** Terraform's default {@code lambda_timeout_seconds}: the handler retries within it, then the mapping retries. */
    static final Duration FUNCTION_TIMEOUT = Duration.ofSeconds(60);
    /** What a stop may take in all; {@link LocalCommand} exits hard a little after it. */
    static final Duration STOP_BUDGET = Duration.ofSeconds(22);

    private static final Duration STREAM_POLL = Duration.ofMillis(200);
    /** The bars sink sends each bar as it comes; a second without a change means nothing is left in flight. */
    private static final Duration SINK_FLUSH = Duration.ofSeconds(1);

    private final Settings settings;
    private final List<AutoCloseable> started = new ArrayList<>();
    private final StorageCounters storage = new StorageCounters();
    private LocalAws aws;
    private LocalFinnhubFeed feed;
    private IngestService ingest;
    private KinesisEventSourceMapping mapping;
    private JobClient flinkJob;
    private List<String> symbols;
    private boolean closed;

    LocalPipeline(Settings settings) {
        this.settings = settings;
    }

    /** Starts every stage, downstream first, so that nothing the ingest accepts waits for a reader. */
    LocalPipeline start() throws Exception {
        symbols = resolveSymbols();
        // The lake stays: the stream and tables of earlier runs are kept and added to (see LocalWorkDir).
        Path data = LocalRunState.dataDirectory(settings.workDir());
        Files.createDirectories(data);
        aws = LocalAws.start(LocalRunState.logDirectory(settings.workDir()), data);
        started.add(aws);
        new LocalRunState(
                        ProcessHandle.current().pid(),
                        aws.kinesisEndpoint(),
                        aws.dynamoDbEndpoint(),
                        LocalRunState.STREAM,
                        LocalRunState.TRADES_TABLE,
                        LocalRunState.BARS_TABLE,
                        aws.emulatorPids())
                .save(settings.workDir());
        aws.ensureStream(LocalRunState.STREAM, settings.shards());
        aws.retainStream(LocalRunState.STREAM, STREAM_RETENTION_HOURS);
        aws.ensureTradesTable(LocalRunState.TRADES_TABLE);
        aws.ensureBarsTable(LocalRunState.BARS_TABLE);

        if (settings.flink()) {
            flinkJob = startFlink();
        }
        startStorage();
        if (!(settings.feed() instanceof FeedChoice.Live)) {
            feed = LocalFinnhubFeed.builder()
                    .source(FeedSources.open(settings.feed(), settings.pace()))
                    .pace(settings.pace())
                    .startWhenSubscribed(symbols)
                    .build()
                    .start();
            started.add(feed);
        }
        ingest = new IngestService(ingestConfig(), aws.kinesis());
        ingest.start();
        return this;
    }

    private JobClient startFlink() throws Exception {
        Map<String, String> properties = new HashMap<>();
        properties.put(
                BarsJobOptions.STREAM_ARN.key(),
                LocalAws.streamArn(LocalRunState.STREAM).toString());
        properties.put(BarsJobOptions.STREAM_INITIAL_POSITION.key(), "TRIM_HORIZON");
        properties.put(BarsJobOptions.BARS_TABLE.key(), LocalRunState.BARS_TABLE);
        properties.put(BarsJobOptions.BARS_WINDOWS.key(), settings.windows());
        properties.put(
                BarsJobOptions.BARS_CLOSE_AFTER_QUIET.key(),
                settings.closeBarsAfterQuiet().toMillis() + "ms");
        properties.put(BarsJobOptions.AWS_REGION.key(), LocalAws.REGION.id());
        // The job addresses the stream by ARN, as on AWS; the front translates for kinesalite.
        properties.put(
                BarsJobOptions.KINESIS_ENDPOINT.key(), aws.kinesisArnEndpoint().toString());
        properties.put(
                BarsJobOptions.DYNAMODB_ENDPOINT.key(), aws.dynamoDbEndpoint().toString());
        // The lake: Parquet history under <work-dir>/lake, read by ./datalake sql.
        properties.put(
                BarsJobOptions.LAKE_PATH.key(),
                LocalLake.directory(settings.workDir()).toAbsolutePath().toUri().toString());
        // Through the job's own loader, as its flags and Managed Flink's property group go.
        Configuration jobConfig = JobConfiguration.fromMap(properties, "./datalake local");
        Configuration flinkConfig = new Configuration();
        // Checkpoints on files, as Managed Flink keeps them in durable storage: the default keeps them
        // in the JobManager's memory, capped at 5 MB, which the duplicate filter's state passes at full speed.
        flinkConfig.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
        flinkConfig.set(
                CheckpointingOptions.CHECKPOINTS_DIRECTORY,
                LocalFlinkState.checkpoints(settings.workDir()).toUri().toString());
        // Resume where the last run left off (its savepoint, or its last checkpoint if it was killed):
        // without it the job would read the whole stream again and write the lake's rows a second time.
        LocalFlinkState.resumePoint(settings.workDir()).ifPresent(point -> {
            LOG.info("Flink job resumes from {}", point);
            flinkConfig.set(SavepointConfigOptions.SAVEPOINT_PATH, point);
        });
        LocalFlinkMetrics.configure(flinkConfig);
        // One slot: the emulators and the SDK need the machine's other core.
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1, flinkConfig);
        return BarsJob.forAws(jobConfig).executeAsync(env);
    }

    private void startStorage() throws IOException {
        Clock clock = Clock.systemUTC();
        FileDeadLetterSink deadLetters =
                new FileDeadLetterSink(settings.workDir().resolve(DeadLetterFiles.DEAD_LETTERS), clock);
        started.add(deadLetters);
        TradeStorageHandler handler = new TradeStorageHandler(
                aws.dynamoDb(),
                WriteSettings.defaults(LocalRunState.TRADES_TABLE),
                deadLetters,
                clock,
                Sleeper.REAL,
                storage);
        started.add(handler);
        // A lake's stream holds earlier runs' records: start where the last clean stop had stored
        // everything (a crashed run leaves the mark where it was, so its records are read again).
        Optional<Instant> storedUpTo = LocalRunState.storedUpTo(settings.workDir());
        KinesisEventSourceMappingConfigBuilder builder = KinesisEventSourceMapping.builder()
                .kinesis(aws.kinesis())
                .streamName(LocalRunState.STREAM)
                .function(handler)
                .functionName("tradelake-trades-local");
        if (storedUpTo.isPresent()) {
            builder.startingPosition(StartingPosition.AT_TIMESTAMP).startingPositionTimestamp(storedUpTo.get());
        } else {
            builder.startingPosition(StartingPosition.TRIM_HORIZON);
        }
        mapping = builder.batchSize(BATCH_SIZE)
                .maximumBatchingWindowInSeconds(BATCHING_WINDOW_SECONDS)
                .bisectBatchOnFunctionError(true)
                .maximumRetryAttempts(MAXIMUM_RETRY_ATTEMPTS)
                .maximumRecordAgeInSeconds(MAXIMUM_RECORD_AGE_SECONDS)
                .functionTimeout(FUNCTION_TIMEOUT)
                .functionResponseTypes(Set.of(KinesisEventSourceMapping.REPORT_BATCH_ITEM_FAILURES))
                .destinationConfigOnFailure(settings.workDir().resolve(DeadLetterFiles.ON_FAILURE))
                .pollIntervalWhenIdle(STREAM_POLL)
                .build()
                .start();
        started.add(mapping);
    }

    private List<String> resolveSymbols() {
        return settings.symbols().isEmpty() ? FeedSources.symbols(settings.feed()) : settings.symbols();
    }

    private IngestConfig ingestConfig() {
        List<String> args = new ArrayList<>(List.of(
                "--symbols", String.join(",", symbols),
                "--stream", LocalRunState.STREAM,
                "--region", LocalAws.REGION.id(),
                "--kinesis-endpoint", aws.kinesisEndpoint().toString(),
                "--journal-dir",
                        LocalRunState.journalDirectory(settings.workDir()).toString(),
                "--progress-interval", "1d")); // the launcher shows progress itself
        if (settings.recordFrames() != null) {
            args.addAll(List.of("--record-frames", settings.recordFrames().toString()));
        }
        if (settings.feed() instanceof FeedChoice.Live live) {
            return IngestConfig.parse(Map.of(IngestConfig.Env.TOKEN, live.token()), args);
        }
        // A recording or the synthetic market starts over at each run: the same frames must get the
        // same ids again, so that a rerun overwrites (see --continue-ids).
        args.addAll(List.of("--url", feed.uri().toString(), "--no-continue-ids"));
        return IngestConfig.parse(Map.of(), args);
    }

    List<String> symbols() {
        return symbols;
    }

    LocalAws aws() {
        return aws;
    }

    /** Everything the progress display and the summary read. */
    record Progress(
            IngestMetrics.Snapshot ingest,
            StorageCounters.Totals stored,
            long lagMillis,
            long recordsToOnFailure,
            boolean feedFinished) {}

    /** Whether this run has the Flink job (its counters mean something only then). */
    boolean flinkRunning() {
        return flinkJob != null;
    }

    Progress progress() {
        KinesisEventSourceMapping.Stats mappingStats = mapping.stats();
        return new Progress(
                ingest.metrics(),
                storage.totals(),
                mappingStats.maxIteratorAgeMillis(),
                mappingStats.recordsSentToOnFailure(),
                feed != null && feed.isFinished());
    }

    /**
     * For a bounded feed: waits until the feed has sent everything, the ingest has written every
     * accepted trade, the Lambda handler has stored them, and the bars of every trade are final.
     */
    void drain(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        if (feed == null) {
            throw new Datalake.UserError("--until-drained needs a bounded feed: --replay FILE or --count N");
        }
        await("the feed to send every trade", deadline, () -> feed.isFinished());
        long sent = feed.stats().tradesSent();
        await("the ingest to receive every trade", deadline, () -> {
            IngestMetrics.Snapshot m = ingest.metrics();
            return m.tradesAccepted() + m.tradesRejected() >= sent;
        });
        if (!ingest.stop(remaining(deadline))) {
            throw new IllegalStateException("the ingest could not write every accepted trade: "
                    + ingest.failure().orElse("unknown"));
        }
        long written = ingest.metrics().tradesWritten();
        await("the Lambda handler to store every trade", deadline, () -> {
            try {
                // a trade DynamoDB refused is dead-lettered, not stored: it is done too
                StorageCounters.Totals stored = storage.totals();
                return mapping.awaitCaughtUp(Duration.ofMillis(500))
                        && stored.tradesWritten() + stored.tradesRejected() >= written;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return true;
            }
        });
        if (flinkJob != null) {
            long recordsWritten = ingest.metrics().recordsWritten();
            await(
                    "the Flink job to read every record",
                    deadline,
                    () -> LocalFlinkMetrics.recordsRead() >= recordsWritten);
            long newestTrade = LocalFlinkMetrics.newestTradeTimeMs();
            if (newestTrade > 0) { // else no trade was read: no bar to wait for
                long smallestWindow = Collections.min(WindowSizes.parseList(settings.windows()));
                long lastBarEnd = WindowSizes.windowStart(newestTrade, smallestWindow) + smallestWindow;
                await(
                        "the Flink job to close the bars of the newest trade",
                        deadline,
                        () -> LocalFlinkMetrics.barWatermarkMs() >= lastBarEnd - 1);
            }
            await("the bars to be stored", deadline, new Unchanged<>(this::barTradeCounts, SINK_FLUSH));
        }
    }

    /**
     * True once what {@code read} returns has stayed the same for {@code quiet}: the bars sink
     * writes what the windows emitted within its flush interval.
     */
    private static final class Unchanged<T> implements BooleanSupplier {
        private final Supplier<T> read;
        private final long quietNanos;
        private T last;
        private long since;

        Unchanged(Supplier<T> read, Duration quiet) {
            this.read = read;
            this.quietNanos = quiet.toNanos();
        }

        @Override
        public boolean getAsBoolean() {
            T now = read.get();
            long at = System.nanoTime();
            if (!now.equals(last)) {
                last = now;
                since = at;
                return false;
            }
            return at - since >= quietNanos;
        }
    }

    /** Stored bars and the trades they count, per size. */
    private Map<Long, Long> barTradeCounts() {
        return bars().stream().collect(Collectors.groupingBy(Bar::windowMs, Collectors.summingLong(Bar::trades)));
    }

    List<Bar> bars() {
        return TableScans.scan(aws.dynamoDb(), LocalRunState.BARS_TABLE, StoredItems::bar);
    }

    List<StoredItems.StoredTrade> trades() {
        return TableScans.scan(aws.dynamoDb(), LocalRunState.TRADES_TABLE, StoredItems::trade);
    }

    private void await(String what, long deadlineNanos, BooleanSupplier done) throws InterruptedException {
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadlineNanos) {
                throw new IllegalStateException("gave up waiting for " + what);
            }
            Optional<String> exited = aws.exitedEmulator();
            if (exited.isPresent()) {
                throw new IllegalStateException(exited.get() + " while waiting for " + what);
            }
            Thread.sleep(STREAM_POLL.toMillis());
        }
    }

    private static Duration remaining(long deadlineNanos) {
        return Duration.ofNanos(Math.max(0, deadlineNanos - System.nanoTime()));
    }

    /**
     * Stops in order, upstream first: the ingest stops reading and flushes what it accepted, the
     * Lambda handler stores what reached the stream, then the Flink job, the feed and the emulators.
     * Bounded: within {@link #STOP_BUDGET} whatever is stuck (an emulator that died first, say),
     * and it says what it could not write.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        long deadline = System.nanoTime() + STOP_BUDGET.toNanos();
        Optional<String> exited = aws == null ? Optional.empty() : aws.exitedEmulator();
        if (ingest != null) {
            // Without Kinesis there is nothing to wait for: stop at once and count what is left.
            Duration flush = exited.isPresent() ? Duration.ofSeconds(1) : fractionOf(deadline, 0.6);
            if (!ingest.stop(flush)) {
                LOG.warn(
                        "The ingest stopped before writing every accepted trade: {}",
                        ingest.failure().orElse(exited.orElse("it ran out of time")));
            }
        }
        boolean ingestWroteAll = ingest != null
                && ingest.metrics().failure() == null
                && ingest.metrics().tradesWritten()
                        >= ingest.metrics().tradesAccepted()
                                + ingest.metrics().tradesRecovered()
                                - ingest.metrics().rejectsByReason().getOrDefault("kinesis_refused", 0L)
                                - ingest.metrics().rejectsByReason().getOrDefault("oversized", 0L);
        Instant stopping = Instant.now();
        exited = aws == null ? exited : aws.exitedEmulator();
        if (mapping != null && exited.isEmpty()) {
            try {
                if (mapping.awaitCaughtUp(fractionOf(deadline, 0.7))) {
                    if (ingestWroteAll) {
                        // A minute of margin for clock skew; reading it again is idempotent and cheap.
                        LocalRunState.saveStoredUpTo(settings.workDir(), stopping.minus(Duration.ofMinutes(1)));
                    }
                } else {
                    LOG.warn("The Lambda handler had not stored every trade of the stream when it was stopped;"
                            + " the rest stays in the stream for the next run");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (ingest != null && mapping != null) {
            Progress last = progress();
            LOG.info(
                    "stopped: {} trades accepted, {} written to the stream, {} stored, {} rejected",
                    last.ingest().tradesAccepted(),
                    last.ingest().tradesWritten(),
                    last.stored().tradesWritten(),
                    last.ingest().tradesRejected());
            // What the ingest could not write, it has said, and left in the journal for the next run.
        }
        if (flinkJob != null) {
            stopFlink(deadline);
        }
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                LOG.warn("Stopping {} failed: {}", started.get(i).getClass().getSimpleName(), e.getMessage());
            }
        }
        LocalRunState.clear(settings.workDir());
    }

    /** A share of the time left until {@code deadline}, so that later steps keep some. */
    private static Duration fractionOf(long deadlineNanos, double share) {
        return Duration.ofNanos((long) (Math.max(0, deadlineNanos - System.nanoTime()) * share));
    }

    /**
     * Stops the job with a savepoint rather than cancelling it: the lake's part files since the
     * last checkpoint are committed by it, and the next run resumes from it (the stream positions,
     * the open windows and the duplicate filter), so a run adds to the lake without writing a trade
     * twice. Within half the time left; a job that cannot take one is cancelled, saying what that costs.
     */
    private void stopFlink(long deadline) {
        Duration budget = fractionOf(deadline, 0.5);
        try {
            String savepoint = flinkJob.stopWithSavepoint(
                            false,
                            LocalFlinkState.savepoints(settings.workDir())
                                    .toUri()
                                    .toString(),
                            SavepointFormatType.CANONICAL)
                    .get(Math.max(1, budget.toMillis()), TimeUnit.MILLISECONDS);
            LocalFlinkState.remember(settings.workDir(), savepoint);
        } catch (Exception e) {
            LOG.warn(
                    "The Flink job did not stop with a savepoint ({}); cancelling it: Parquet files since its last"
                            + " checkpoint are not committed, and the next run reads the stream from the savepoint before"
                            + " (./datalake compact removes the rows it writes twice)",
                    e.getMessage());
            try {
                flinkJob.cancel().get(Math.max(1, fractionOf(deadline, 0.5).toMillis()), TimeUnit.MILLISECONDS);
            } catch (Exception gone) {
                LOG.debug("Flink job already gone", gone);
            }
        }
    }
}
