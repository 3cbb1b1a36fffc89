package dev.tradelake.flink;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.LongSupplier;
import javax.annotation.Nullable;
import org.apache.flink.connector.base.source.reader.RecordsWithSplitIds;
import org.apache.flink.connector.base.source.reader.splitreader.SplitReader;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsAddition;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsChange;
import org.apache.flink.connector.kinesis.source.split.KinesisShardSplit;
import org.apache.flink.kinesis.shaded.software.amazon.awssdk.services.kinesis.model.Record;

/**
 * The connector's polling shard reader, paced: each shard gets at most one {@code GetRecords} call
 * per poll interval. The 4.3.0 reader calls {@code GetRecords} again as soon as a call returns,
 * which would take all five calls a second a shard serves to all its consumers (the Lambda reads
 * the same shards) and spin on a quiet stream.
 *
 * <p>The delegate takes its shards in turn, so spacing its calls by the interval divided by the
 * number of open shards gives each shard one call per interval. A wait is cut short by
 * {@link #wakeUp()} (new shards, shutdown), which then returns an empty batch as the delegate does.
 *
 * <p>An interval of 0 paces nothing: the fan-out reader ({@link FanOutShardReader}), whose records are
 * pushed, is wrapped with it for the parents-first hold alone.
 *
 * <p>Parents first: a shard whose parent this reader has and has not read to its end yet is held
 * back, and handed to the delegate once the parent is finished ({@link ParentFirstAssigner} gives
 * a reshard's children to their parent's subtask). A symbol's records thus stay in order across a
 * reshard, as they are within a shard. The held shard keeps its place in the reader's checkpoints
 * (at its start); after a restore it is held again only if its parent came back unfinished too.
 */
final class PacedShardReader implements SplitReader<Record, KinesisShardSplit> {

    private static final RecordsWithSplitIds<Record> NOTHING = new Batch<>(null, Collections.emptySet());

    private final SplitReader<Record, KinesisShardSplit> delegate;
    private final long intervalNanos;
    private final LongSupplier nanoClock;
    private final Function<String, List<String>> parentsOf;
    private final Set<String> assigned = new HashSet<>();
    /** Shards waiting for a parent this reader is still reading. */
    private final List<KinesisShardSplit> held = new ArrayList<>();
    /** Shards the delegate reported as read to their end; the reader thread adds to it, so concurrent. */
    private final Set<String> finished = ConcurrentHashMap.newKeySet();

    private final Object wake = new Object();
    private boolean wokenUp;
    private long lastFetchNanos;
    private boolean fetched;

    PacedShardReader(
            SplitReader<Record, KinesisShardSplit> delegate,
            long intervalMs,
            LongSupplier nanoClock,
            Function<String, List<String>> parentsOf) {
        this.delegate = delegate;
        this.intervalNanos = intervalMs * 1_000_000L;
        this.nanoClock = nanoClock;
        this.parentsOf = parentsOf;
    }

    @Override
    public RecordsWithSplitIds<Record> fetch() throws IOException {
        releaseOrphans();
        long open = Math.max(1, assigned.size() - finished.size() - held.size());
        long due = lastFetchNanos + intervalNanos / open;
        if (fetched && !waitUntil(due)) {
            return NOTHING;
        }
        fetched = true;
        lastFetchNanos = nanoClock.getAsLong();
        RecordsWithSplitIds<Record> batch = delegate.fetch();
        return new Batch<>(batch, finished);
    }

    /** Waits until {@code dueNanos}; false if woken up first. */
    private boolean waitUntil(long dueNanos) {
        synchronized (wake) {
            long left;
            while (!wokenUp && (left = dueNanos - nanoClock.getAsLong()) > 0) {
                try {
                    wake.wait(Math.max(1, left / 1_000_000L));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            boolean woken = wokenUp;
            wokenUp = false;
            return !woken;
        }
    }

    @Override
    public void handleSplitsChanges(SplitsChange<KinesisShardSplit> splitsChanges) {
        if (!(splitsChanges instanceof SplitsAddition)) {
            delegate.handleSplitsChanges(splitsChanges);
            return;
        }
        splitsChanges.splits().forEach(split -> assigned.add(split.splitId()));
        held.addAll(splitsChanges.splits());
        releaseOrphans();
    }

    /** Hands the delegate every held shard none of whose parents is still being read here. */
    private void releaseOrphans() {
        if (held.isEmpty()) {
            return;
        }
        List<KinesisShardSplit> ready = new ArrayList<>();
        for (KinesisShardSplit split : held) {
            if (parentsOf.apply(split.getShardId()).stream()
                    .noneMatch(p -> assigned.contains(p) && !finished.contains(p))) {
                ready.add(split);
            }
        }
        if (!ready.isEmpty()) {
            held.removeAll(ready);
            delegate.handleSplitsChanges(new SplitsAddition<>(ready));
        }
    }

    @Override
    public void wakeUp() {
        synchronized (wake) {
            wokenUp = true;
            wake.notifyAll();
        }
        delegate.wakeUp();
    }

    @Override
    public void close() throws Exception {
        delegate.close();
    }

    /** A batch of the delegate's (or none) that notes which shards it finished, whenever asked. */
    private static final class Batch<E> implements RecordsWithSplitIds<E> {
        private final RecordsWithSplitIds<E> records;
        private final Set<String> finished;

        Batch(@Nullable RecordsWithSplitIds<E> records, Set<String> finished) {
            this.records = records;
            this.finished = finished;
        }

        @Nullable
        @Override
        public String nextSplit() {
            return records == null ? null : records.nextSplit();
        }

        @Nullable
        @Override
        public E nextRecordFromSplit() {
            return records == null ? null : records.nextRecordFromSplit();
        }

        @Override
        public Set<String> finishedSplits() {
            if (records == null) {
                return Collections.emptySet();
            }
            Set<String> done = records.finishedSplits();
            finished.addAll(done);
            return done;
        }

        @Override
        public void recycle() {
            if (records != null) {
                records.recycle();
            }
        }
    }
}
