package dev.tradelake.flink;

import java.io.IOException;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.annotation.Nullable;
import org.apache.flink.connector.base.source.reader.RecordsWithSplitIds;
import org.apache.flink.connector.base.source.reader.splitreader.SplitReader;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsAddition;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsChange;
import org.apache.flink.connector.kinesis.source.split.KinesisShardSplit;
import org.apache.flink.connector.kinesis.source.split.StartingPosition;
import org.apache.flink.kinesis.shaded.software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import org.apache.flink.kinesis.shaded.software.amazon.awssdk.services.kinesis.model.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shard reader for enhanced fan-out: each assigned shard is read with {@code SubscribeToShard}
 * through the stream consumer {@code consumerName} ({@link StreamConsumers}), its records pushed
 * to this reader as they arrive ({@link ShardSubscription}) instead of polled.
 *
 * <p>Where a shard got to is the sequence number of the last record handed on, the same position
 * the polling reader keeps and the connector's emitter checkpoints: a job switches between
 * {@code polling} and {@code efo} keeping its state. A subscription that ends (AWS ends each
 * after 5 minutes) or fails is started again from there; one that keeps failing
 * ({@value #MAX_FAILURES_IN_A_ROW} times in a row, a second apart and more) fails the job, which
 * restarts from its checkpoint. A shard whose last event came (no continuation sequence number:
 * closed by a reshard and read to its end) is reported finished; its children are found by the
 * source's shard discovery and held back until then by {@link PacedShardReader}.
 */
final class FanOutShardReader implements SplitReader<Record, KinesisShardSplit> {
    private static final Logger LOG = LoggerFactory.getLogger(FanOutShardReader.class);

    static final int MAX_FAILURES_IN_A_ROW = 10;
    private static final long POLL_MS = 1_000;
    private static final long RETRY_BASE_MS = 1_000;
    private static final long RETRY_MAX_MS = 10_000;

    private final KinesisAsyncClient kinesis;
    private final AutoCloseable resources;
    private final String streamArn;
    private final String consumerName;
    private final SparseLog log = new SparseLog(LOG, SparseLog.DEFAULT_INTERVAL_MS);

    private final LinkedBlockingQueue<ShardSubscription.Event> events = new LinkedBlockingQueue<>();
    private final Map<String, KinesisShardSplit> splits = new HashMap<>();
    /** Where each shard is to be read from next: its split's start, then after the last record handed on. */
    private final Map<String, StartingPosition> positions = new HashMap<>();

    private final Map<String, ShardSubscription> subscriptions = new HashMap<>();
    private final Map<String, Integer> failures = new HashMap<>();
    private final Map<String, Long> retryAtMs = new HashMap<>();
    private String consumerArn;
    private volatile boolean wokenUp;

    FanOutShardReader(KinesisAsyncClient kinesis, AutoCloseable resources, String streamArn, String consumerName) {
        this.kinesis = kinesis;
        this.resources = resources;
        this.streamArn = streamArn;
        this.consumerName = consumerName;
    }

    @Override
    public RecordsWithSplitIds<Record> fetch() throws IOException {
        subscribeWhereNeeded();
        ShardSubscription.Event event;
        try {
            event = events.poll(POLL_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Batch.EMPTY;
        }
        wokenUp = false;
        if (event == null
                || event.from() == null
                || subscriptions.get(event.from().splitId()) != event.from()) {
            return Batch.EMPTY; // nothing, a wake-up, or news of a subscription already replaced
        }
        String splitId = event.from().splitId();
        if (event instanceof ShardSubscription.Ended ended) {
            subscriptions.remove(splitId);
            if (ended.error() != null) {
                int inARow = failures.merge(splitId, 1, Integer::sum);
                if (inARow >= MAX_FAILURES_IN_A_ROW) {
                    throw new IOException(
                            "SubscribeToShard of " + splitId + " failed " + inARow + " times in a row", ended.error());
                }
                long backoff = Math.min(RETRY_MAX_MS, RETRY_BASE_MS << Math.min(inARow - 1, 4));
                retryAtMs.put(splitId, System.currentTimeMillis() + backoff);
                log.warn(
                        System.currentTimeMillis(),
                        "SubscribeToShard of {} failed ({} in a row), again in {} ms: {}",
                        splitId,
                        inARow,
                        backoff,
                        ended.error().toString());
            }
            return Batch.EMPTY;
        }
        ShardSubscription.Records records = (ShardSubscription.Records) event;
        failures.remove(splitId);
        List<Record> list = records.records();
        if (!list.isEmpty()) {
            positions.put(
                    splitId,
                    StartingPosition.continueFromSequenceNumber(
                            list.get(list.size() - 1).sequenceNumber()));
        }
        if (records.shardEnded()) {
            // The emulator and AWS end the stream after this event; its Ended is ignored.
            subscriptions.remove(splitId);
            splits.remove(splitId);
            positions.remove(splitId);
            return new Batch(splitId, list, Set.of(splitId));
        }
        event.from().requestNext();
        return new Batch(splitId, list, Collections.emptySet());
    }

    /** Starts a subscription for every shard without one whose retry time has come. */
    private void subscribeWhereNeeded() throws IOException {
        long now = System.currentTimeMillis();
        for (KinesisShardSplit split : splits.values()) {
            String id = split.splitId();
            if (!subscriptions.containsKey(id) && retryAtMs.getOrDefault(id, 0L) <= now) {
                subscriptions.put(
                        id,
                        ShardSubscription.start(
                                kinesis, consumerArn(), id, split.getShardId(), positions.get(id), events));
            }
        }
    }

    private String consumerArn() throws IOException {
        if (consumerArn == null) {
            try {
                consumerArn = StreamConsumers.activeConsumerArn(kinesis, streamArn, consumerName);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for the stream consumer " + consumerName, e);
            }
        }
        return consumerArn;
    }

    @Override
    public void handleSplitsChanges(SplitsChange<KinesisShardSplit> splitsChanges) {
        if (!(splitsChanges instanceof SplitsAddition)) {
            throw new UnsupportedOperationException("only added splits are expected, not " + splitsChanges);
        }
        for (KinesisShardSplit split : splitsChanges.splits()) {
            splits.put(split.splitId(), split);
            positions.put(split.splitId(), split.getStartingPosition());
        }
    }

    @Override
    public void wakeUp() {
        if (!wokenUp) {
            wokenUp = true;
            events.add(new ShardSubscription.WakeUp());
        }
    }

    @Override
    public void close() throws Exception {
        subscriptions.values().forEach(ShardSubscription::cancel);
        resources.close();
    }

    /** The records of one shard from one event, and the shards this event finished. */
    private static final class Batch implements RecordsWithSplitIds<Record> {
        static final Batch EMPTY = new Batch(null, List.of(), Collections.emptySet());

        private String splitId;
        private final Iterator<Record> records;
        private final Set<String> finished;

        Batch(@Nullable String splitId, List<Record> records, Set<String> finished) {
            this.splitId = splitId;
            this.records = records.iterator();
            this.finished = finished;
        }

        @Nullable
        @Override
        public String nextSplit() {
            String next = splitId;
            splitId = null;
            return next;
        }

        @Nullable
        @Override
        public Record nextRecordFromSplit() {
            return records.hasNext() ? records.next() : null;
        }

        @Override
        public Set<String> finishedSplits() {
            return finished;
        }
    }
}
