package dev.tradelake.local.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tradelake.local.aws.LocalAws;
import dev.tradelake.local.aws.LocalAwsExtension;
import dev.tradelake.local.fault.FaultInjector.Failure;
import dev.tradelake.model.TradesTable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.ThrottlingException;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import software.amazon.awssdk.services.kinesis.KinesisClient;

@ExtendWith(LocalAwsExtension.class)
class FaultInjectorITCase {

    @Test
    void passesEverythingThroughWhenNoFaultIsOn(LocalAws aws) {
        String table = LocalAws.uniqueName("trades");
        aws.createTradesTable(table);
        try (FaultInjector proxy = FaultInjector.start(aws.dynamoDbEndpoint());
                DynamoDbClient dynamo = client(proxy)) {
            BatchWriteItemResponse response =
                    dynamo.batchWriteItem(b -> b.requestItems(Map.of(table, puts("SPY", 25))));

            assertThat(response.unprocessedItems().getOrDefault(table, List.of()))
                    .isEmpty();
            assertThat(aws.dynamoDb().scan(b -> b.tableName(table)).count()).isEqualTo(25);
            assertThat(proxy.stats().forwarded()).isEqualTo(1);
        }
    }

    @Test
    void answersWithAwsErrorsUntilHealed(LocalAws aws) {
        String table = LocalAws.uniqueName("trades");
        aws.createTradesTable(table);
        try (FaultInjector proxy = FaultInjector.start(aws.dynamoDbEndpoint());
                DynamoDbClient dynamo = client(proxy)) {
            proxy.fail(Failure.THROTTLING, 1.0, "BatchWriteItem");
            assertThatThrownBy(() -> dynamo.batchWriteItem(b -> b.requestItems(Map.of(table, puts("SPY", 1)))))
                    .isInstanceOf(ProvisionedThroughputExceededException.class)
                    .satisfies(e -> assertThat(((AwsServiceException) e).isThrottlingException())
                            .isTrue());
            // another operation passes
            assertThat(dynamo.describeTable(b -> b.tableName(table)).table().tableName())
                    .isEqualTo(table);

            proxy.fail(Failure.THROTTLING_EXCEPTION, 1.0);
            assertThatThrownBy(() -> dynamo.describeTable(b -> b.tableName(table)))
                    .isInstanceOf(ThrottlingException.class);

            proxy.fail(Failure.SERVER_ERROR, 1.0);
            assertThatThrownBy(() -> dynamo.describeTable(b -> b.tableName(table)))
                    .isInstanceOfSatisfying(
                            AwsServiceException.class,
                            e -> assertThat(e.statusCode()).isEqualTo(500));

            proxy.fail(Failure.DROP_CONNECTION, 1.0);
            assertThatThrownBy(() -> dynamo.describeTable(b -> b.tableName(table)))
                    .isInstanceOf(SdkClientException.class);

            proxy.heal();
            dynamo.batchWriteItem(b -> b.requestItems(Map.of(table, puts("SPY", 1))));
            assertThat(aws.dynamoDb().scan(b -> b.tableName(table)).count()).isEqualTo(1);
            assertThat(proxy.stats().failed()).isEqualTo(4);
        }
    }

    @Test
    void failsAboutTheRequestedFraction(LocalAws aws) {
        try (FaultInjector proxy = FaultInjector.start(aws.dynamoDbEndpoint());
                DynamoDbClient dynamo = client(proxy)) {
            proxy.seed(7).fail(Failure.SERVER_ERROR, 0.25);
            int failures = 0;
            for (int i = 0; i < 100; i++) {
                try {
                    dynamo.listTables();
                } catch (AwsServiceException e) {
                    failures++;
                }
            }
            assertThat(failures).isBetween(10, 45);
        }
    }

    @Test
    void refusesConnectionsWhileUnreachable(LocalAws aws) {
        try (FaultInjector proxy = FaultInjector.start(aws.kinesisEndpoint());
                KinesisClient kinesis = LocalAws.configure(KinesisClient.builder(), proxy.endpoint())
                        .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                        .build()) {
            String stream = LocalAws.uniqueName("stream");
            aws.createStream(stream, 1);
            proxy.unreachable(true);
            assertThatThrownBy(() -> kinesis.describeStreamSummary(b -> b.streamName(stream)))
                    .isInstanceOf(SdkClientException.class);
            proxy.unreachable(false);
            assertThat(kinesis.describeStreamSummary(b -> b.streamName(stream))
                            .streamDescriptionSummary()
                            .streamName())
                    .isEqualTo(stream);
        }
    }

    @Test
    void throttlesKinesisPuts(LocalAws aws) {
        try (FaultInjector proxy = FaultInjector.start(aws.kinesisEndpoint());
                KinesisClient kinesis = LocalAws.configure(KinesisClient.builder(), proxy.endpoint())
                        .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                        .build()) {
            String stream = LocalAws.uniqueName("stream");
            aws.createStream(stream, 1);
            proxy.latency(Duration.ofMillis(50)).fail(Failure.THROTTLING, 1.0, "PutRecord");
            long start = System.nanoTime();
            assertThatThrownBy(() -> kinesis.putRecord(
                            b -> b.streamName(stream).partitionKey("SPY").data(SdkBytes.fromUtf8String("x"))))
                    .isInstanceOf(
                            software.amazon.awssdk.services.kinesis.model.ProvisionedThroughputExceededException.class);
            assertThat(System.nanoTime() - start)
                    .isGreaterThanOrEqualTo(Duration.ofMillis(50).toNanos());
        }
    }

    @Test
    void capsWritesPerPartitionKeyAsUnprocessedItems(LocalAws aws) {
        String table = LocalAws.uniqueName("trades");
        aws.createTradesTable(table);
        try (FaultInjector proxy = FaultInjector.start(aws.dynamoDbEndpoint());
                DynamoDbClient dynamo = client(proxy)) {
            proxy.capWritesPerPartitionKey(TradesTable.PARTITION_KEY, 1);
            List<WriteRequest> requests = new ArrayList<>(puts("SPY", 20));
            requests.addAll(puts("AAPL", 5));

            BatchWriteItemResponse response = dynamo.batchWriteItem(b -> b.requestItems(Map.of(table, requests)));
            List<WriteRequest> unprocessed = response.unprocessedItems().getOrDefault(table, List.of());
            int stored = aws.dynamoDb().scan(b -> b.tableName(table)).count();

            // one write per key per wall-clock second; a second boundary during the call may admit one more
            assertThat(stored + unprocessed.size()).isEqualTo(25);
            assertThat(stored).isBetween(2, 4);
            assertThat(proxy.stats().itemsHeldBack()).isEqualTo(unprocessed.size());
        }
    }

    private static DynamoDbClient client(FaultInjector proxy) {
        return LocalAws.configure(DynamoDbClient.builder(), proxy.endpoint())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    private static List<WriteRequest> puts(String symbol, int count) {
        List<WriteRequest> requests = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Map<String, AttributeValue> item = Map.of(
                    TradesTable.PARTITION_KEY, AttributeValue.fromS(symbol),
                    TradesTable.SORT_KEY, AttributeValue.fromS(String.format("%019d", i)));
            requests.add(WriteRequest.builder()
                    .putRequest(PutRequest.builder().item(item).build())
                    .build());
        }
        return requests;
    }
}
