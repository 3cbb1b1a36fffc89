package dev.tradelake.local.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.Record;

class KinesisEventsTest {

    @Test
    void eventsAreShapedAsLambdaDeliversThem() {
        List<Record> records = ShardBatchesTest.records(2);
        KinesisEvents.Source source = new KinesisEvents.Source(
                "arn:aws:kinesis:us-east-1:000000000000:stream/trades",
                "us-east-1",
                "arn:aws:iam::000000000000:role/f-role");

        KinesisEvent event = KinesisEvents.of(records, "shardId-000000000003", source);

        assertThat(event.getRecords()).hasSize(2);
        KinesisEvent.KinesisEventRecord second = event.getRecords().get(1);
        assertThat(second.getEventSource()).isEqualTo("aws:kinesis");
        assertThat(second.getEventName()).isEqualTo("aws:kinesis:record");
        assertThat(second.getEventVersion()).isEqualTo("1.0");
        assertThat(second.getEventID())
                .isEqualTo("shardId-000000000003:" + records.get(1).sequenceNumber());
        assertThat(second.getEventSourceARN()).isEqualTo("arn:aws:kinesis:us-east-1:000000000000:stream/trades");
        assertThat(second.getAwsRegion()).isEqualTo("us-east-1");
        assertThat(second.getInvokeIdentityArn()).isEqualTo("arn:aws:iam::000000000000:role/f-role");
        KinesisEvent.Record kinesis = second.getKinesis();
        assertThat(kinesis.getKinesisSchemaVersion()).isEqualTo("1.0");
        assertThat(kinesis.getPartitionKey()).isEqualTo("k");
        assertThat(kinesis.getSequenceNumber()).isEqualTo(records.get(1).sequenceNumber());
        assertThat(kinesis.getApproximateArrivalTimestamp().toInstant())
                .isEqualTo(Instant.parse("2024-05-01T12:00:01Z"));
        ByteBuffer data = kinesis.getData();
        assertThat(data.hasArray()).isTrue();
        assertThat(StandardCharsets.UTF_8.decode(data).toString()).isEqualTo("record 1");
    }

    @Test
    void onFailureRecordsNameTheShardTheSequenceRangeAndWhy() {
        List<Record> records = ShardBatchesTest.records(3);

        String line = OnFailureDestination.line(
                "arn:aws:lambda:us-east-1:000000000000:function:f",
                "arn:aws:kinesis:us-east-1:000000000000:stream/trades",
                "shardId-000000000000",
                records,
                OnFailureDestination.RETRIES_EXHAUSTED,
                4,
                new OnFailureDestination.LastResponse(true, "java.lang.IllegalStateException: boom"),
                Instant.parse("2024-05-01T13:00:00Z"));

        assertThat(line)
                .doesNotContain("\n")
                .contains(
                        "\"condition\":\"RetryAttemptsExhausted\"",
                        "\"approximateInvokeCount\":4",
                        "\"functionError\":\"Unhandled\"",
                        "\"errorMessage\":\"java.lang.IllegalStateException: boom\"",
                        "\"shardId\":\"shardId-000000000000\"",
                        "\"startSequenceNumber\":\"" + records.get(0).sequenceNumber() + "\"",
                        "\"endSequenceNumber\":\"" + records.get(2).sequenceNumber() + "\"",
                        "\"approximateArrivalOfFirstRecord\":\"2024-05-01T12:00:00Z\"",
                        "\"batchSize\":3",
                        "\"streamArn\":\"arn:aws:kinesis:us-east-1:000000000000:stream/trades\"",
                        "\"version\":\"1.0\"",
                        "\"timestamp\":\"2024-05-01T13:00:00Z\"");
    }

    @Test
    void theBuilderRefusesWhatAwsRefusesAndWhatIsNotSupported() {
        KinesisClient kinesis = KinesisClient.builder()
                .region(software.amazon.awssdk.regions.Region.US_EAST_1)
                .credentialsProvider(dev.tradelake.local.aws.LocalAws.credentials())
                .httpClientBuilder(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.builder())
                .build();
        KinesisEventSourceMappingConfigBuilder valid = KinesisEventSourceMapping.builder()
                .kinesis(kinesis)
                .streamName("s")
                .function(
                        (KinesisEvent e, com.amazonaws.services.lambda.runtime.Context c) -> new StreamsEventResponse())
                .startingPosition(StartingPosition.TRIM_HORIZON);
        assertThat(valid.build()).isNotNull();

        assertThatThrownBy(() -> KinesisEventSourceMapping.builder()
                        .kinesis(kinesis)
                        .streamName("s")
                        .function((e, c) -> null)
                        .build())
                .hasMessageContaining("startingPosition");
        assertThatThrownBy(() -> valid.batchSize(10_001).build()).hasMessageContaining("batchSize");
        valid.batchSize(100);
        assertThatThrownBy(() -> valid.maximumRecordAgeInSeconds(30).build())
                .hasMessageContaining("maximumRecordAgeInSeconds");
        valid.maximumRecordAgeInSeconds(-1);
        assertThatThrownBy(() -> valid.maximumRetryAttempts(-2).build()).hasMessageContaining("maximumRetryAttempts");
        valid.maximumRetryAttempts(-1);
        assertThatThrownBy(
                        () -> valid.functionResponseTypes(Set.of("Everything")).build())
                .hasMessageContaining("functionResponseTypes");
        valid.functionResponseTypes(Set.of(KinesisEventSourceMapping.REPORT_BATCH_ITEM_FAILURES));
        assertThatThrownBy(() -> valid.parallelizationFactor(2).build())
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("parallelizationFactor");
        valid.parallelizationFactor(1);
        assertThatThrownBy(() ->
                        valid.startingPosition(StartingPosition.AT_TIMESTAMP).build())
                .hasMessageContaining("startingPositionTimestamp");
        assertThat(valid.startingPositionTimestamp(Instant.now())
                        .destinationConfigOnFailure(Path.of("x.jsonl"))
                        .build())
                .isNotNull();
        kinesis.close();
    }
}
