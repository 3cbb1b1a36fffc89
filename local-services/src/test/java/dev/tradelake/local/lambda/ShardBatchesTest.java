package dev.tradelake.local.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.model.Record;

/** The event source mapping's retry, bisect and discard rules, without Kinesis. */
class ShardBatchesTest {

    private static final Instant T0 = Instant.parse("2024-05-01T12:00:00Z");

    static List<Record> records(int count) {
        List<Record> records = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            records.add(Record.builder()
                    .sequenceNumber(String.format("%056d", i))
                    .partitionKey("k")
                    .data(SdkBytes.fromUtf8String("record " + i))
                    .approximateArrivalTimestamp(T0.plusSeconds(i))
                    .build());
        }
        return records;
    }

    private static List<Integer> numbers(List<Record> batch) {
        return batch.stream().map(r -> Integer.parseInt(r.sequenceNumber())).toList();
    }

    @Test
    void successTakesBatchesOfBatchSizeInOrder() {
        ShardBatches batches = new ShardBatches(-1, false);
        batches.add(records(5));

        List<Record> first = batches.nextBatch(2, Long.MAX_VALUE);
        assertThat(numbers(first)).containsExactly(0, 1);
        assertThat(batches.onSuccess(first)).isInstanceOf(ShardBatches.Next.Proceed.class);
        assertThat(numbers(batches.nextBatch(2, Long.MAX_VALUE))).containsExactly(2, 3);
        assertThat(batches.size()).isEqualTo(3);
        assertThat(batches.retrying()).isFalse();
    }

    @Test
    void thePayloadLimitCutsABatchButNeverBelowOneRecord() {
        ShardBatches batches = new ShardBatches(-1, false);
        batches.add(records(5));
        long one = ShardBatches.payloadBytes(records(1).get(0));

        assertThat(batches.nextBatch(5, 2 * one + 1)).hasSize(2);
        assertThat(batches.nextBatch(5, 1)).hasSize(1);
        assertThat(batches.pendingPayloadBytes()).isEqualTo(5 * one);
    }

    @Test
    void aPartialFailureResumesFromTheFailedRecordAndCountsAgainstRetries() {
        ShardBatches batches = new ShardBatches(1, false);
        batches.add(records(6));
        List<Record> batch = batches.nextBatch(4, Long.MAX_VALUE);

        ShardBatches.Next next = batches.onPartialFailure(batch, 2);

        assertThat(next).isEqualTo(new ShardBatches.Next.Retry(1));
        List<Record> retry = batches.nextBatch(4, Long.MAX_VALUE);
        assertThat(numbers(retry)).containsExactly(2, 3, 4, 5); // from the failed record, topped up
        ShardBatches.Next exhausted = batches.onPartialFailure(retry, 0);
        assertThat(exhausted).isInstanceOf(ShardBatches.Next.Discard.class);
        ShardBatches.Next.Discard discard = (ShardBatches.Next.Discard) exhausted;
        assertThat(numbers(discard.records())).containsExactly(2, 3, 4, 5);
        assertThat(discard.invokeCount()).isEqualTo(2);
        assertThat(batches.isEmpty()).isTrue();
    }

    @Test
    void theRetryCountRestartsWhenTheFailureMovesOn() {
        ShardBatches batches = new ShardBatches(1, false);
        batches.add(records(6));
        batches.onPartialFailure(batches.nextBatch(6, Long.MAX_VALUE), 1);

        // record 1 fails again: its second failure exhausts one retry
        ShardBatches.Next again = batches.onPartialFailure(batches.nextBatch(6, Long.MAX_VALUE), 3);

        assertThat(again).isEqualTo(new ShardBatches.Next.Retry(1)); // the head moved on to record 4
        assertThat(numbers(batches.nextBatch(6, Long.MAX_VALUE))).containsExactly(4, 5);
    }

    @Test
    void bisectingIsolatesAFailingRecordWithoutSpendingRetries() {
        ShardBatches batches = new ShardBatches(0, true);
        batches.add(records(8));
        List<Integer> invoked = new ArrayList<>();
        List<Integer> discarded = new ArrayList<>();
        List<Integer> succeeded = new ArrayList<>();
        int poison = 5;
        while (!batches.isEmpty()) {
            List<Record> batch = batches.nextBatch(8, Long.MAX_VALUE);
            invoked.add(batch.size());
            if (numbers(batch).contains(poison)) {
                ShardBatches.Next next = batches.onFailure(batch, true);
                if (next instanceof ShardBatches.Next.Discard d) {
                    discarded.addAll(numbers(d.records()));
                    assertThat(d.invokeCount()).isEqualTo(1);
                }
            } else {
                succeeded.addAll(numbers(batch));
                batches.onSuccess(batch);
            }
        }

        assertThat(invoked).containsExactly(8, 4, 4, 2, 1, 1, 2); // 0-7, 0-3 ok, 4-7, 4-5, 4 ok, 5 discarded, 6-7 ok
        assertThat(discarded).containsExactly(poison);
        assertThat(succeeded).containsExactly(0, 1, 2, 3, 4, 6, 7);
    }

    @Test
    void withBisectAPartialFailureSplitsAtTheFailedRecord() {
        ShardBatches batches = new ShardBatches(-1, true);
        batches.add(records(4));
        List<Record> batch = batches.nextBatch(3, Long.MAX_VALUE);

        batches.onPartialFailure(batch, 1);
        batches.add(records(0)); // nothing new; the remaining segment is records 1..2 only

        assertThat(numbers(batches.nextBatch(3, Long.MAX_VALUE))).containsExactly(1, 2);
    }

    @Test
    void anAnswerThatIsNotAFunctionErrorIsRetriedWhole() {
        ShardBatches batches = new ShardBatches(2, true);
        batches.add(records(4));
        List<Record> batch = batches.nextBatch(4, Long.MAX_VALUE);

        assertThat(batches.onFailure(batch, false)).isEqualTo(new ShardBatches.Next.Retry(1));
        assertThat(batches.nextBatch(4, Long.MAX_VALUE)).hasSize(4);
    }

    @Test
    void infiniteRetriesNeverDiscard() {
        ShardBatches batches = new ShardBatches(-1, false);
        batches.add(records(2));
        for (int i = 1; i <= 100; i++) {
            assertThat(batches.onFailure(batches.nextBatch(2, Long.MAX_VALUE), true))
                    .isEqualTo(new ShardBatches.Next.Retry(i));
        }
        assertThat(batches.size()).isEqualTo(2);
    }

    @Test
    void recordsOlderThanTheMaximumAgeAreRemovedFromTheHead() {
        ShardBatches batches = new ShardBatches(-1, false);
        batches.add(records(5));

        List<Record> expired = batches.removeArrivedBefore(T0.plusSeconds(3));

        assertThat(numbers(expired)).containsExactly(0, 1, 2);
        assertThat(numbers(batches.nextBatch(5, Long.MAX_VALUE))).containsExactly(3, 4);
    }
}
