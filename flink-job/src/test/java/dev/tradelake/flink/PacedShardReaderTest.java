package dev.tradelake.flink;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.flink.connector.base.source.reader.RecordsBySplits;
import org.apache.flink.connector.base.source.reader.RecordsWithSplitIds;
import org.apache.flink.connector.base.source.reader.splitreader.SplitReader;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsAddition;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsChange;
import org.apache.flink.connector.kinesis.source.split.KinesisShardSplit;
import org.apache.flink.connector.kinesis.source.split.StartingPosition;
import org.apache.flink.kinesis.shaded.software.amazon.awssdk.services.kinesis.model.Record;
import org.junit.jupiter.api.Test;

/** The pacing bounds below are lower bounds (or generous upper bounds): a slow machine cannot break them. */
class PacedShardReaderTest {

    private static final String ARN = "arn:aws:kinesis:us-east-1:000000000000:stream/trades";

    @Test
    void eachShardIsPolledAtMostOncePerInterval() throws Exception {
        FakeShards shards = new FakeShards();
        PacedShardReader reader = new PacedShardReader(shards, 400, System::nanoTime, id -> List.of());
        reader.handleSplitsChanges(added("shardId-000000000000", "shardId-000000000001"));

        for (int i = 0; i < 5; i++) {
            reader.fetch();
        }

        // Two shards share a 400 ms interval: one call every 200 ms at most, the first at once.
        assertThat(shards.callNanos).hasSize(5);
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(shards.callNanos.get(4) - shards.callNanos.get(0));
        assertThat(elapsedMs).isGreaterThanOrEqualTo(4 * 200 - 5);
    }

    @Test
    void aFinishedShardNoLongerCountsTowardsTheSpacing() throws Exception {
        FakeShards shards = new FakeShards();
        shards.finishOnNextCall = "shardId-000000000000";
        PacedShardReader reader = new PacedShardReader(shards, 300, System::nanoTime, id -> List.of());
        reader.handleSplitsChanges(added("shardId-000000000000", "shardId-000000000001"));

        RecordsWithSplitIds<Record> first = reader.fetch();
        assertThat(first.finishedSplits()).containsExactly("shardId-000000000000");
        reader.fetch();
        reader.fetch();

        // One open shard left: a full 300 ms between its calls, not 150.
        long gapMs = TimeUnit.NANOSECONDS.toMillis(shards.callNanos.get(2) - shards.callNanos.get(1));
        assertThat(gapMs).isGreaterThanOrEqualTo(295);
    }

    @Test
    void wakeUpEndsAWaitWithAnEmptyBatch() throws Exception {
        FakeShards shards = new FakeShards();
        PacedShardReader reader = new PacedShardReader(shards, 600_000, System::nanoTime, id -> List.of());
        reader.handleSplitsChanges(added("shardId-000000000000"));
        reader.fetch();

        CompletableFuture<RecordsWithSplitIds<Record>> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return reader.fetch();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        Thread.sleep(100);
        reader.wakeUp();

        RecordsWithSplitIds<Record> batch = waiting.get(30, TimeUnit.SECONDS);
        assertThat(batch.nextSplit()).isNull();
        assertThat(batch.finishedSplits()).isEmpty();
        assertThat(shards.callNanos).hasSize(1);
        assertThat(shards.wokenUp).isTrue();
    }

    @Test
    void aChildShardWaitsUntilItsParentIsReadToItsEnd() throws Exception {
        String parent = "shardId-000000000000";
        Map<String, List<String>> parents =
                Map.of("shardId-000000000001", List.of(parent), "shardId-000000000002", List.of(parent));
        FakeShards shards = new FakeShards();
        PacedShardReader reader =
                new PacedShardReader(shards, 10, System::nanoTime, id -> parents.getOrDefault(id, List.of()));

        reader.handleSplitsChanges(added(parent, "shardId-000000000001", "shardId-000000000002"));
        reader.fetch();
        assertThat(shards.given).containsExactly(parent);

        shards.finishOnNextCall = parent;
        RecordsWithSplitIds<Record> last = reader.fetch();
        assertThat(shards.given)
                .as("finished, but the source reader has not taken the batch yet")
                .containsExactly(parent);
        assertThat(last.finishedSplits()).containsExactly(parent);
        reader.fetch();

        assertThat(shards.given).containsExactly(parent, "shardId-000000000001", "shardId-000000000002");
    }

    @Test
    void aChildWhoseParentThisReaderDoesNotReadIsNotHeld() {
        FakeShards shards = new FakeShards();
        PacedShardReader reader =
                new PacedShardReader(shards, 10, System::nanoTime, id -> List.of("shardId-000000000000"));

        reader.handleSplitsChanges(added("shardId-000000000001"));

        assertThat(shards.given).containsExactly("shardId-000000000001");
    }

    private static SplitsChange<KinesisShardSplit> added(String... shardIds) {
        List<KinesisShardSplit> splits = new ArrayList<>();
        for (String id : shardIds) {
            splits.add(new KinesisShardSplit(ARN, id, StartingPosition.fromStart()));
        }
        return new SplitsAddition<>(splits);
    }

    /** Answers every call with no records, or with a finished shard once; notes when it was called. */
    private static final class FakeShards implements SplitReader<Record, KinesisShardSplit> {
        final List<Long> callNanos = new ArrayList<>();
        final List<String> given = new ArrayList<>();
        String finishOnNextCall;
        volatile boolean wokenUp;

        @Override
        public RecordsWithSplitIds<Record> fetch() {
            callNanos.add(System.nanoTime());
            RecordsBySplits.Builder<Record> batch = new RecordsBySplits.Builder<>();
            if (finishOnNextCall != null) {
                batch.addFinishedSplit(finishOnNextCall);
                finishOnNextCall = null;
            }
            return batch.build();
        }

        @Override
        public void handleSplitsChanges(SplitsChange<KinesisShardSplit> splitsChanges) {
            splitsChanges.splits().forEach(split -> given.add(split.splitId()));
        }

        @Override
        public void wakeUp() {
            wokenUp = true;
        }

        @Override
        public void close() {}
    }
}
