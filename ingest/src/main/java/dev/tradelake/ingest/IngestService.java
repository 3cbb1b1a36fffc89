package dev.tradelake.ingest;

import dev.tradelake.model.Trade;
import dev.tradelake.model.TradeSequencer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
 * append to the {@link TradeJournal}; it never waits for Kinesis) -&gt; journal tailer
 * ({@link JournalTailer} -&gt; {@link TradePacking}: pack, blocking when the {@link BufferGate} is
 * full) -&gt; {@link KinesisWriter} (batches, parallel PutRecords, retries). What Kinesis
 * acknowledged is checkpointed ({@link JournalProgress}); a restart on the same journal sends
 * what was not. A timer flushes records whose linger time is over, syncs the journal and logs the
 * progress line.
 */
public final class IngestService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(IngestService.class);
    private static final long FEED_CLOSE_GRACE_MS = 5_000;
    private static final long SEGMENT_BYTES = 64L << 20;

    private enum State {
        NEW,
        RUNNING,
        STOPPED
    }

    private final IngestConfig config;
    private final KinesisClient kinesis;
    private final boolean ownsClient;
    private final Redaction redaction;
    private final IngestMetrics metrics = new IngestMetrics();
    private final CountDownLatch stoppedOrFailed = new CountDownLatch(1);
    private State state = State.NEW;
    private boolean allWritten = true;

    private ScheduledExecutorService timer;
    private BufferGate gate;
    private KinesisWriter writer;
    private FrameIntake intake;
    private FeedSupervisor feed;
    private FrameRecorder recorder;
    /**
     * Timer tasks take these, never this service's own lock: a stop holds that while it drains,
     * and a timer task waiting for it would hold up the record flushes and put retries the drain
     * needs.
     */
    private final Object metricsFileLock = new Object();

    private final Object journalSyncLock = new Object();

    private boolean metricsFileFailed;
    private TradeJournal journal;
    private Path journalDir;
    private JournalProgress progress;
    private JournalTailer tailer;
    private TradePacking packing;
    private long recoveredTrades;
    private JournalCheckpoint lastCheckpoint;

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
        TradeSequencer sequencer = new TradeSequencer();
        JournalCheckpoint checkpoint = openJournal(sequencer);
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
        writer = new KinesisWriter(
                kinesis,
                config.stream(),
                config.putConcurrency(),
                config.putBackoff(),
                gate,
                metrics,
                timer,
                this::onFatal,
                redaction);
        long lingerMs = config.recordLinger().toMillis();
        packing = new TradePacking(
                new RecordPacker(config.maxTradesPerRecord(), lingerMs),
                gate,
                writer::submit,
                System::currentTimeMillis);
        progress = new JournalProgress(checkpoint);
        writer.onDone(record -> progress.done(record.entries()));
        tailer = new JournalTailer(journal, checkpoint, progress, packing);
        intake = new FrameIntake(
                sequencer,
                this::append,
                metrics,
                recorder,
                System::currentTimeMillis,
                redaction,
                config.symbols().size());
        feed = new FeedSupervisor(
                () -> new FeedConnection(config.connectUri(), config.symbols(), intake, redaction), config, metrics);

        writer.start();
        tailer.start();
        long tickMs = Math.max(1, Math.min(100, lingerMs / 4));
        timer.scheduleWithFixedDelay(guarded("record flush", packing::flushDue), tickMs, tickMs, TimeUnit.MILLISECONDS);
        long syncMs = config.journalSyncInterval().toMillis();
        timer.scheduleWithFixedDelay(guarded("journal sync", this::syncJournal), syncMs, syncMs, TimeUnit.MILLISECONDS);
        long progressMs = config.progressInterval().toMillis();
        if (progressMs > 0) {
            timer.scheduleAtFixedRate(
                    guarded("progress line", new ProgressLog(metrics::snapshot)),
                    progressMs,
                    progressMs,
                    TimeUnit.MILLISECONDS);
        }
        if (config.metricsFile().isPresent()) {
            timer.scheduleAtFixedRate(this::writeMetricsFile, 0, 1, TimeUnit.SECONDS);
        }
        feed.start();
        state = State.RUNNING;
        LOG.info(
                "ingest started: {} symbols from {} into Kinesis stream {}{}",
                config.symbols().size(),
                Redaction.url(config.url()),
                config.stream(),
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
            stoppedOrFailed.countDown();
            return true;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        LOG.info("stopping: closing the feed, then writing the {} buffered trades", gate.used());
        boolean written = false;
        try {
            feed.stop(FEED_CLOSE_GRACE_MS);
            intake.close();
            tailer.finish();
            written = tailer.awaitDone(millisLeft(deadline)) && writer.awaitWritten(millisLeft(deadline));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!written) {
            gate.abort(); // the tailer stops taking entries: they stay in the journal
        }
        if (recorder != null) {
            recorder.close();
        }
        writer.shutdown();
        // Not shutdownNow: an interrupt in the middle of the periodic journal sync would close the
        // journal's file channel (FileChannel is interruptible), and the last sync below would fail.
        timer.shutdown();
        try {
            if (!timer.awaitTermination(5, TimeUnit.SECONDS)) {
                timer.shutdownNow();
            }
        } catch (InterruptedException e) {
            timer.shutdownNow();
            Thread.currentThread().interrupt();
        }
        syncJournal();
        long undelivered =
                progress.pendingTrades() + recoveredTrades + metrics.snapshot().tradesAccepted() - tailer.tradesRead();
        closeJournal(undelivered == 0);
        closeClient();
        IngestMetrics.Snapshot m = metrics.snapshot();
        if (undelivered > 0) {
            LOG.error(
                    "{} accepted trades were NOT written to Kinesis ({}); {}",
                    undelivered,
                    m.failure() != null ? m.failure() : "not done within the shutdown timeout of " + timeout,
                    config.journalDir().isPresent()
                            ? "they stay in the journal " + journalDir + " and are sent at the next start"
                            : "without --journal-dir they are lost");
        }
        LOG.info(
                "ingest stopped: frames={} trades_accepted={} trades_rejected={} records_written={} trades_written={}"
                        + " undelivered={} reconnects={}",
                m.frames(),
                m.tradesAccepted(),
                m.tradesRejected(),
                m.recordsWritten(),
                m.tradesWritten(),
                undelivered,
                m.reconnects());
        writeMetricsFile();
        allWritten = written;
        state = State.STOPPED;
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
        String where = config.kinesisEndpoint()
                .map(e -> " at " + e)
                .orElse(config.region().map(r -> " in " + r).orElse(""));
        try {
            StreamStatus status = kinesis.describeStreamSummary(b -> b.streamName(config.stream()))
                    .streamDescriptionSummary()
                    .streamStatus();
            if (status != StreamStatus.ACTIVE && status != StreamStatus.UPDATING) {
                throw new IllegalStateException(
                        "Kinesis stream " + config.stream() + where + " is " + status + ", not ACTIVE");
            }
        } catch (ResourceNotFoundException e) {
            throw new IllegalStateException(
                    "Kinesis stream " + config.stream() + " does not exist" + where
                            + " (create it, or check --stream and --region)",
                    e);
        } catch (SdkException e) {
            throw new IllegalStateException(
                    "cannot reach Kinesis stream " + config.stream() + where + ": " + redaction.describe(e), e);
        }
    }

    private static long millisLeft(long deadlineNanos) {
        return Math.max(1, (deadlineNanos - System.nanoTime()) / 1_000_000);
    }

    /**
     * Opens the journal and reads what an earlier run left in it: the trades to resend, and the
     * ids it gave (when ids continue, the sequencer resumes after them).
     */
    private JournalCheckpoint openJournal(TradeSequencer sequencer) {
        try {
            journalDir = config.journalDir().isPresent()
                    ? config.journalDir().get()
                    : Files.createTempDirectory("ingest-journal-");
            JournalCheckpoint checkpoint = JournalCheckpoint.load(journalDir);
            journal = TradeJournal.open(journalDir, config.journalMaxBytes(), SEGMENT_BYTES, checkpoint.readPosition());
            if (journal.nextSeq() < checkpoint.readPosition()) {
                LOG.error(
                        "the journal lost entries {} to {} (a power cut before their fsync); continuing after them",
                        journal.nextSeq(),
                        checkpoint.readPosition() - 1);
                journal.skipTo(checkpoint.readPosition());
            }
            Map<String, long[]> floors = new HashMap<>();
            checkpoint.idFloors().forEach((symbol, f) -> floors.put(symbol, f.clone()));
            Set<Long> pending = new HashSet<>();
            for (long p : checkpoint.pending()) {
                pending.add(p);
            }
            try (TradeJournal.Cursor cursor = journal.cursor(checkpoint.restartSeq())) {
                for (TradeJournal.Entry e = cursor.next(); e != null; e = cursor.next()) {
                    if (e.seq() < checkpoint.readPosition() && !pending.contains(e.seq())) {
                        continue;
                    }
                    for (Trade t : JournalEntries.decode(e.payload())) {
                        recoveredTrades++;
                        long[] floor =
                                floors.computeIfAbsent(t.symbol(), k -> new long[] {-1, TradeSequencer.LATE_BASE});
                        floor[0] = Math.max(floor[0], t.timeMs());
                        if (t.seq() >= TradeSequencer.LATE_BASE) {
                            floor[1] = Math.max(floor[1], t.seq() + 1L);
                        }
                    }
                }
            }
            if (config.continueIds()) {
                floors.forEach((symbol, f) -> sequencer.resumeAfter(symbol, f[0], (int) f[1]));
            }
            if (recoveredTrades > 0) {
                LOG.info(
                        "resending {} trades an earlier run accepted but did not get acknowledged (journal {})",
                        recoveredTrades,
                        journalDir);
            }
            metrics.recovered(recoveredTrades);
            lastCheckpoint = checkpoint;
            return checkpoint;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the journal in " + journalDir, e);
        }
    }

    /** The receiving thread's sink: accepted means in the journal. */
    private boolean append(List<Trade> trades) {
        try {
            if (journal.append(JournalEntries.encode(trades)) < 0) {
                return false;
            }
        } catch (IOException e) {
            LOG.error("cannot append to the journal {}: {}", journalDir, e.toString());
            return false;
        }
        tailer.wake();
        return true;
    }

    /** fsync, then the checkpoint, then the segments no longer needed: in that order, so a power cut never skips. */
    private void syncJournal() {
        synchronized (journalSyncLock) {
            try {
                journal.force();
                JournalCheckpoint now = progress.checkpoint();
                if (lastCheckpoint == null
                        || lastCheckpoint.readPosition() != now.readPosition()
                        || !Arrays.equals(lastCheckpoint.pending(), now.pending())) {
                    now.save(journalDir);
                    lastCheckpoint = now;
                }
                journal.releaseBefore(now.restartSeq());
            } catch (IOException e) {
                LOG.error("cannot sync the journal {}: {}", journalDir, e.toString());
            }
        }
    }

    private void closeJournal(boolean everythingWritten) {
        try {
            journal.close();
            if (config.journalDir().isEmpty() && everythingWritten) {
                try (Stream<Path> files = Files.list(journalDir)) {
                    for (Path f : files.toList()) {
                        Files.delete(f);
                    }
                }
                Files.delete(journalDir);
            }
        } catch (IOException e) {
            LOG.warn("cannot close the journal {}: {}", journalDir, e.toString());
        }
    }

    private void closeClient() {
        if (ownsClient) {
            kinesis.close();
        }
    }

    /** A timer task that throws is never run again: log and go on instead. */
    /** A side job like the frame recording: the first failure is logged, the ingest goes on. */
    private void writeMetricsFile() {
        Optional<Path> file = config.metricsFile();
        if (file.isEmpty()) {
            return;
        }
        synchronized (metricsFileLock) {
            try {
                MetricsFile.write(file.get(), new MetricsFile.Reading(System.currentTimeMillis(), metrics.snapshot()));
                metricsFileFailed = false;
            } catch (IOException | RuntimeException e) {
                if (!metricsFileFailed) {
                    LOG.warn("cannot write the metrics file {}: {}", file.get(), e.toString());
                }
                metricsFileFailed = true;
            }
        }
    }

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
