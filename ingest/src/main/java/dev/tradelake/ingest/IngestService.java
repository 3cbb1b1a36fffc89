package dev.tradelake.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/**
 * The ingest: Finnhub WebSocket frames in, Kinesis records out. Runs in its own threads between
 * {@link #start()} and {@link #stop()}; used by {@link IngestMain} and embedded in-process by the
 * launcher.
 *
 * <pre>
 * try (IngestService ingest = new IngestService(config, kinesisClient)) {
 *     ingest.start();
 *     ... ingest.metrics() ...
 * } // close() = stop(): nothing accepted is lost
 * </pre>
 *
 * Data path: receiving thread ({@link FeedConnection} -&gt; {@link FrameIntake}: parse, identify,
 * pack, blocking when the {@link BufferGate} is full) -&gt; {@link KinesisWriter} (batches,
 * parallel PutRecords, retries). A timer flushes records whose linger time is over and logs the
 * progress line.
 */
public final class IngestService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(IngestService.class);
    private static final long FEED_CLOSE_GRACE_MS = 5_000;

    private enum State { NEW, RUNNING, STOPPED }

    private final IngestConfig config;
    private final KinesisClient kinesis;
    private final boolean ownsClient;
    private final Redaction redaction;
    private final IngestMetrics metrics = new IngestMetrics();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final CountDownLatch stoppedOrFailed = new CountDownLatch(1);
    private State state = State.NEW;
    private boolean allWritten = true;

    private ScheduledExecutorService timer;
    private BufferGate gate;
    private KinesisWriter writer;
    private FrameIntake intake;
    private FeedSupervisor feed;
    private FrameRecorder recorder;

    /** A service with its own Kinesis client, built from the config and closed by {@link #stop()}. */
    public IngestService(IngestConfig config) {
        this(config, KinesisClients.create(config), true);
    }

    /** A service writing through {@code kinesis}, which the caller keeps and closes. */
    public IngestService(IngestConfig config, KinesisClient kinesis) {
        this(config, kinesis, false);
    }

    private IngestService(IngestConfig config, KinesisClient kinesis, boolean ownsClient) {
        this.config = config;
        this.kinesis = kinesis;
        this.ownsClient = ownsClient;
        this.redaction = config.redaction();
    }

    /**
     * Checks that the stream exists, then starts connecting and writing; returns at once (the
     * connection is made in the background and retried as long as it fails).
     *
     * @throws IllegalStateException when the stream is missing or unreachable, or already started
     * @throws UncheckedIOException  when the frame recording cannot be opened
     */
    public synchronized void start() {
        if (state != State.NEW) {
            throw new IllegalStateException("an IngestService can be started once");
        }
        checkStream();
        Optional<Path> recording = config.recordFrames();
        if (recording.isPresent()) {
            try {
                recorder = FrameRecorder.open(recording.get());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot open the frame recording " + recording.get(), e);
            }
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ingest-timer");
            t.setDaemon(true);
            return t;
        });
        gate = new BufferGate(config.maxBufferedTrades());
        metrics.watchBuffer(gate);
        writer = new KinesisWriter(kinesis, config.stream(), config.putConcurrency(), config.putBackoff(), gate,
                metrics, timer, this::onFatal, redaction);
        long lingerMs = config.recordLinger().toMillis();
        intake = new FrameIntake(new RecordPacker(config.maxTradesPerRecord(), lingerMs), gate, writer::submit,
                metrics, recorder, System::currentTimeMillis, redaction, config.symbols().size());
        feed = new FeedSupervisor(
                () -> new FeedConnection(config.connectUri(), config.symbols(), intake, redaction), config, metrics);

        writer.start();
        long tickMs = Math.max(1, Math.min(100, lingerMs / 4));
        timer.scheduleWithFixedDelay(guarded("record flush", intake::flushDue), tickMs, tickMs, TimeUnit.MILLISECONDS);
        long progressMs = config.progressInterval().toMillis();
        if (progressMs > 0) {
            timer.scheduleAtFixedRate(guarded("progress line", new ProgressLog(metrics::snapshot)),
                    progressMs, progressMs, TimeUnit.MILLISECONDS);
        }
        feed.start();
        state = State.RUNNING;
        LOG.info("ingest started: {} symbols from {} into Kinesis stream {}{}", config.symbols().size(),
                Redaction.url(config.url()), config.stream(),
                config.kinesisEndpoint().map(e -> " at " + e).orElse(""));
    }

    /** {@link #stop(Duration)} with the configured shutdown timeout. */
    public boolean stop() {
        return stop(config.shutdownTimeout());
    }

    /**
     * Stops reading the feed, flushes every buffered trade and waits until Kinesis has
     * acknowledged all of them (at most {@code timeout}), then releases every thread. Idempotent;
     * safe from a shutdown hook.
     *
     * @return true when every accepted trade was written; false after a timeout or a fatal error
     *         (the count of trades not written is logged and in {@link #metrics()})
     */
    public synchronized boolean stop(Duration timeout) {
        if (state == State.STOPPED) {
            return allWritten;
        }
        if (state == State.NEW) {
            state = State.STOPPED;
            closeClient();
            stopped.countDown();
            stoppedOrFailed.countDown();
            return true;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        LOG.info("stopping: closing the feed, then writing the {} buffered trades", gate.used());
        boolean written = false;
        try {
            feed.stop(FEED_CLOSE_GRACE_MS);
            intake.closeAndFlush();
            written = writer.awaitWritten(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (recorder != null) {
            recorder.close();
        }
        writer.shutdown();
        timer.shutdownNow();
        closeClient();
        IngestMetrics.Snapshot m = metrics.snapshot();
        if (!written) {
            LOG.error("{} accepted trades were NOT written to Kinesis ({})", m.bufferedTrades(),
                    m.failure() != null ? m.failure() : "not done within the shutdown timeout of " + timeout);
        }
        LOG.info("ingest stopped: frames={} trades_accepted={} trades_rejected={} records_written={} trades_written={}"
                        + " undelivered={} reconnects={}", m.frames(), m.tradesAccepted(), m.tradesRejected(),
                m.recordsWritten(), m.tradesWritten(), m.bufferedTrades(), m.reconnects());
        allWritten = written;
        state = State.STOPPED;
        stopped.countDown();
        stoppedOrFailed.countDown();
        return written;
    }

    /** Same as {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    /** The counters now; cheap, callable from any thread at any time. */
    public IngestMetrics.Snapshot metrics() {
        return metrics.snapshot();
    }

    /** Why the ingest stopped writing, once a fatal error happened. */
    public Optional<String> failure() {
        return Optional.ofNullable(metrics.snapshot().failure());
    }

    public IngestConfig config() {
        return config;
    }

    /** Waits until {@link #stop} has finished. */
    public boolean awaitStopped(Duration timeout) throws InterruptedException {
        return stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Waits until {@link #stop} has finished or a fatal error stopped the writing. */
    public void awaitStoppedOrFailed() throws InterruptedException {
        stoppedOrFailed.await();
    }

    /** Called by the writer's thread: stop reading at once, so the feed is not read into a dead end. */
    private void onFatal(String description) {
        feed.requestStop();
        stoppedOrFailed.countDown();
    }

    private void checkStream() {
        String where = config.kinesisEndpoint().map(e -> " at " + e).orElse(config.region().map(r -> " in " + r).orElse(""));
        try {
            StreamStatus status = kinesis.describeStreamSummary(b -> b.streamName(config.stream()))
                    .streamDescriptionSummary().streamStatus();
            if (status != StreamStatus.ACTIVE && status != StreamStatus.UPDATING) {
                throw new IllegalStateException("Kinesis stream " + config.stream() + where + " is " + status
                        + ", not ACTIVE");
            }
        } catch (ResourceNotFoundException e) {
            throw new IllegalStateException("Kinesis stream " + config.stream() + " does not exist" + where
                    + " (create it, or check --stream and --region)", e);
        } catch (SdkException e) {
            throw new IllegalStateException("cannot reach Kinesis stream " + config.stream() + where + ": "
                    + redaction.describe(e), e);
        }
    }

    private void closeClient() {
        if (ownsClient) {
            kinesis.close();
        }
    }

    /** A timer task that throws is never run again: log and go on instead. */
    private Runnable guarded(String what, Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.error("{} failed: {}", what, redaction.describe(e));
            }
        };
    }
}
