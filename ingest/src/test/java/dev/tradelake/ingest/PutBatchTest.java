package dev.tradelake.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.kinesis.model.KinesisException;
import software.amazon.awssdk.services.kinesis.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;

/** The pure parts of writing: batch limits, per-entry outcomes, which errors are retried. */
class PutBatchTest {

    private static OutRecord record(String key, int bytes) {
        return new OutRecord(key, new byte[bytes], 1, 0);
    }

    /** Fills batches as the dispatcher does. */
    private static List<PutBatch> batches(List<OutRecord> records) {
        List<PutBatch> batches = new ArrayList<>();
        PutBatch current = new PutBatch();
        for (OutRecord r : records) {
            if (!current.tryAdd(r)) {
                batches.add(current);
                current = new PutBatch();
                assertThat(current.tryAdd(r)).isTrue();
            }
        }
        if (!current.isEmpty()) {
            batches.add(current);
        }
        return batches;
    }

    @Test
    void aBatchHoldsAtMost500Records() {
        List<OutRecord> records = new ArrayList<>();
        for (int i = 0; i < 1_201; i++) {
            records.add(record("SPY", 100));
        }

        assertThat(batches(records)).extracting(b -> b.records().size()).containsExactly(500, 500, 201);
    }

    @Test
    void aBatchHoldsAtMost5MiBCountingPartitionKeys() {
        int nearly1MiB = 1024 * 1024 - 3; // with the key "SPY", exactly 1 MiB per record
        List<OutRecord> records = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            records.add(record("SPY", nearly1MiB));
        }

        List<PutBatch> batches = batches(records);

        assertThat(batches).extracting(b -> b.records().size()).containsExactly(5, 5, 1);
        assertThat(batches).allSatisfy(b -> assertThat(b.bytes()).isLessThanOrEqualTo(PutBatch.MAX_BYTES));
        assertThat(batches.get(0).bytes()).isEqualTo(PutBatch.MAX_BYTES);
    }

    @Test
    void requestKeepsTheOrderAndPartitionKeys() {
        PutBatch batch = new PutBatch();
        batch.tryAdd(new OutRecord("SPY", new byte[] {1}, 7, 0));
        batch.tryAdd(new OutRecord("BAC", new byte[] {2}, 3, 2));

        PutRecordsRequest request = batch.toRequest("trades");

        assertThat(request.streamName()).isEqualTo("trades");
        assertThat(request.records()).extracting(e -> e.partitionKey()).containsExactly("SPY", "BAC");
        assertThat(request.records().get(1).data().asByteArray()).containsExactly(2);
        assertThat(batch.trades()).isEqualTo(10);
    }

    @Test
    void outcomeSplitsWrittenFromFailedEntriesInRequestOrder() {
        List<OutRecord> sent = List.of(record("A", 1), record("B", 1), record("C", 1));
        PutRecordsResponse response = PutRecordsResponse.builder()
                .failedRecordCount(1)
                .records(
                        PutRecordsResultEntry.builder()
                                .sequenceNumber("1")
                                .shardId("s")
                                .build(),
                        PutRecordsResultEntry.builder()
                                .errorCode("ProvisionedThroughputExceededException")
                                .errorMessage("Rate exceeded for shard")
                                .build(),
                        PutRecordsResultEntry.builder()
                                .sequenceNumber("2")
                                .shardId("s")
                                .build())
                .build();

        PutOutcome outcome = PutOutcome.of(sent, response);

        assertThat(outcome.written()).extracting(OutRecord::partitionKey).containsExactly("A", "C");
        assertThat(outcome.failed()).singleElement().satisfies(f -> {
            assertThat(f.record().partitionKey()).isEqualTo("B");
            assertThat(f.errorCode()).isEqualTo("ProvisionedThroughputExceededException");
        });
    }

    @Test
    void throttlingAndInternalFailuresAreRetriedConfigurationErrorsAreNot() {
        assertThat(PutErrors.isRetryable("ProvisionedThroughputExceededException"))
                .isTrue();
        assertThat(PutErrors.isRetryable("InternalFailure")).isTrue();
        assertThat(PutErrors.isRetryable("KMSThrottlingException")).isTrue();
        assertThat(PutErrors.isRetryable("KMSAccessDeniedException")).isFalse();
        assertThat(PutErrors.isRetryable("KMSDisabledException")).isFalse();

        assertThat(PutErrors.isRetryable(SdkClientException.create("Connection refused")))
                .isTrue();
        assertThat(PutErrors.isRetryable(ProvisionedThroughputExceededException.builder()
                        .statusCode(400)
                        .awsErrorDetails(AwsErrorDetails.builder()
                                .errorCode("ProvisionedThroughputExceededException")
                                .build())
                        .build()))
                .isTrue();
        assertThat(PutErrors.isRetryable(KinesisException.builder()
                        .statusCode(500)
                        .awsErrorDetails(AwsErrorDetails.builder()
                                .errorCode("InternalFailure")
                                .build())
                        .build()))
                .isTrue();
        assertThat(PutErrors.isRetryable(KinesisException.builder()
                        .statusCode(400)
                        .awsErrorDetails(AwsErrorDetails.builder()
                                .errorCode("LimitExceededException")
                                .build())
                        .build()))
                .isTrue();

        assertThat(PutErrors.isRetryable(ResourceNotFoundException.builder()
                        .statusCode(400)
                        .awsErrorDetails(AwsErrorDetails.builder()
                                .errorCode("ResourceNotFoundException")
                                .build())
                        .build()))
                .isFalse();
        assertThat(PutErrors.isRetryable(KinesisException.builder()
                        .statusCode(400)
                        .awsErrorDetails(AwsErrorDetails.builder()
                                .errorCode("AccessDeniedException")
                                .build())
                        .build()))
                .isFalse();
        assertThat(PutErrors.isRetryable(new IllegalStateException("bug"))).isFalse();
    }
}
