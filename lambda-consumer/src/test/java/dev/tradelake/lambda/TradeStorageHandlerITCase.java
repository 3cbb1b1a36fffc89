package dev.tradelake.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tradelake.lambda.FaultInjectingDynamoDb.Fault;
import dev.tradelake.lambda.testing.SyntheticTrades;
import dev.tradelake.local.aws.LocalAws;
import dev.tradelake.local.aws.LocalAwsExtension;
import dev.tradelake.local.lambda.KinesisEventSourceMapping;
import dev.tradelake.local.lambda.KinesisEventSourceMappingConfigBuilder;
import dev.tradelake.local.lambda.StartingPosition;
import dev.tradelake.model.Trade;
import dev.tradelake.model.testing.PackedRecords;
import dev.tradelake.model.testing.PackedRecords.Packed;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The handler under the local event source mapping, against the Kinesis and DynamoDB emulators. */
@ExtendWith(LocalAwsExtension.class)
class TradeStorageHandlerITCase {

    private static final Duration CAUGHT_UP = Duration.ofMinutes(1);
    private static final long INGEST_MS = 1_700_000_000_000L;

    private static KinesisEventSourceMappingConfigBuilder mapping(
            LocalAws aws, String stream, TradeStorageHandler handler) {
        return KinesisEventSourceMapping.builder()
                .kinesis(aws.kinesis())
                .streamName(stream)
                .function(handler)
                .functionName("trade-storage")
                .startingPosition(StartingPosition.TRIM_HORIZON)
                .batchSize(20)
                .bisectBatchOnFunctionError(true)
                .functionResponseTypes(Set.of(KinesisEventSourceMapping.REPORT_BATCH_ITEM_FAILURES))
                .pollIntervalWhenIdle(Duration.ofMillis(50))
                .initialRetryDelay(Duration.ofMillis(20))
                .maxRetryDelay(Duration.ofMillis(200));
    }

    private static TradeStorageHandler handler(
            DynamoDbClient dynamo, WriteSettings settings, Path deadLetters, MetricsSink metrics) {
        return new TradeStorageHandler(
                dynamo,
                settings,
                new FileDeadLetterSink(deadLetters, Clock.systemUTC()),
                Clock.systemUTC(),
                Sleeper.REAL,
                metrics);
    }

    private static String stream(LocalAws aws) {
        String stream = LocalAws.uniqueName("trades-stream");
        aws.createStream(stream, 1);
        return stream;
    }

    private static String table(LocalAws aws) {
        String table = LocalAws.uniqueName("trades");
        aws.createTradesTable(table);
        return table;
    }

    private static List<Packed> packedTrades(int count) {
        List<Trade> trades = SyntheticTrades.generate(count, 1_381_132_800_000L, INGEST_MS, 11);
        return PackedRecords.runs(trades, 50);
    }

    @Test
    void theSameRecordsDeliveredTwiceLeaveTheSameItems(LocalAws aws, @TempDir Path dir) throws Exception {
        String stream = stream(aws);
        String table = table(aws);
        List<Packed> records = packedTrades(3_000);
        TradeRecords.put(aws.kinesis(), stream, records);

        Map<String, Map<String, AttributeValue>> once;
        try (TradeStorageHandler handler = handler(
                aws.dynamoDb(), WriteSettings.defaults(table), dir.resolve("dl.jsonl"), new StorageCounters())) {
            try (KinesisEventSourceMapping first =
                    mapping(aws, stream, handler).build().start()) {
                assertThat(first.awaitCaughtUp(CAUGHT_UP)).isTrue();
            }
            once = TradesTableContents.itemsWithoutStoredMs(aws.dynamoDb(), table);
            // a second mapping from TRIM_HORIZON delivers every record again, as after a lost checkpoint
            try (KinesisEventSourceMapping again =
                    mapping(aws, stream, handler).build().start()) {
                assertThat(again.awaitCaughtUp(CAUGHT_UP)).isTrue();
                assertThat(again.stats().recordsDelivered()).isEqualTo(records.size());
            }
        }

        assertThat(once).hasSize(3_000);
        assertThat(TradesTableContents.itemsWithoutStoredMs(aws.dynamoDb(), table))
                .isEqualTo(once);
    }

    @Test
    void aPoisonRecordMidBatchIsDeadLetteredWithItsReasonAndEverythingElseIsStored(LocalAws aws, @TempDir Path dir)
            throws Exception {
        String stream = stream(aws);
        String table = table(aws);
        List<Packed> before = packedTrades(400);
        TradeRecords.put(aws.kinesis(), stream, before);
        TradeRecords.putRaw(
                aws.kinesis(),
                stream,
                "SPY",
                "{\"v\":1,\"s\":\"SPY\",\"trades\":[[1,".getBytes(StandardCharsets.UTF_8));
        byte[] badRow =
                "{\"v\":1,\"s\":\"IBM\",\"trades\":[[1381132900000,0,182.5,100,1700000000000,[]],[1381132900001,0,0,100,1700000000000,[]]]}"
                        .getBytes(StandardCharsets.UTF_8);
        TradeRecords.putRaw(aws.kinesis(), stream, "IBM", badRow);
        List<Trade> after = SyntheticTrades.generate(200, 1_381_140_000_000L, INGEST_MS, 12);
        String symbolAfter = after.get(0).symbol();
        TradeRecords.put(
                aws.kinesis(),
                stream,
                List.of(new Packed(
                        symbolAfter,
                        after.stream()
                                .filter(t -> t.symbol().equals(symbolAfter))
                                .toList())));
        Path deadLetters = dir.resolve("dead-letters.jsonl");
        StorageCounters counters = new StorageCounters();

        try (TradeStorageHandler handler =
                        handler(aws.dynamoDb(), WriteSettings.defaults(table), deadLetters, counters);
                KinesisEventSourceMapping esm = mapping(aws, stream, handler)
                        .batchSize(100)
                        .maximumRetryAttempts(2)
                        .destinationConfigOnFailure(dir.resolve("on-failure.jsonl"))
                        .build()
                        .start()) {
            assertThat(esm.awaitCaughtUp(CAUGHT_UP)).isTrue();
            assertThat(esm.stats().functionErrors()).isZero();
            assertThat(esm.stats().partialFailures()).isZero();
            assertThat(esm.stats().recordsSentToOnFailure()).isZero();
        }

        long storedAfter =
                after.stream().filter(t -> t.symbol().equals(symbolAfter)).count();
        Map<String, Map<String, AttributeValue>> items =
                TradesTableContents.itemsWithoutStoredMs(aws.dynamoDb(), table);
        assertThat(items).hasSize((int) (400 + 1 + storedAfter));
        assertThat(items).containsKey("IBM|1381132900000#000000").doesNotContainKey("IBM|1381132900001#000000");
        List<String> lines = Files.readAllLines(deadLetters);
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0))
                .contains("\"scope\":\"record\"", "\"reason\":\"malformed_json\"", "\"partitionKey\":\"SPY\"");
        assertThat(lines.get(1)).contains("\"scope\":\"rows\"", "\"reason\":\"bad_price\"", "\"partitionKey\":\"IBM\"");
        assertThat(counters.totals().recordsDeadLettered()).isEqualTo(2);
        assertThat(counters.totals().tradesRejected()).isEqualTo(1);
    }

    @Test
    void injectedThrottlingAndUnprocessedItemsAreRetriedUntilStored(LocalAws aws, @TempDir Path dir) throws Exception {
        String stream = stream(aws);
        String table = table(aws);
        List<Packed> records = packedTrades(2_000);
        TradeRecords.put(aws.kinesis(), stream, records);
        FaultInjectingDynamoDb flaky = new FaultInjectingDynamoDb(
                aws.dynamoDb(),
                (call, request) -> call <= 6 ? Fault.throttled() : call <= 20 ? new Fault.Unprocessed(10) : Fault.NONE);
        StorageCounters counters = new StorageCounters();

        try (TradeStorageHandler handler =
                        handler(flaky, WriteSettings.defaults(table), dir.resolve("dl.jsonl"), counters);
                KinesisEventSourceMapping esm =
                        mapping(aws, stream, handler).build().start()) {
            assertThat(esm.awaitCaughtUp(CAUGHT_UP)).isTrue();
            assertThat(esm.stats().partialFailures()).isZero();
        }

        assertThat(TradesTableContents.itemsWithoutStoredMs(aws.dynamoDb(), table))
                .hasSize(2_000);
        assertThat(flaky.faulted()).isGreaterThan(6); // 6 throttled calls, then calls with items left unprocessed
        assertThat(counters.totals().writeRetries()).isEqualTo(flaky.faulted());
        assertThat(counters.totals().recordsFailed()).isZero();
    }

    @Test
    void aWriteOutageBecomesABatchItemFailureAndTheMappingResumesFromTheFailedRecord(LocalAws aws, @TempDir Path dir)
            throws Exception {
        String stream = stream(aws);
        String table = table(aws);
        List<Packed> records = packedTrades(2_000);
        TradeRecords.put(aws.kinesis(), stream, records);
        AtomicBoolean outage = new AtomicBoolean(true);
        FaultInjectingDynamoDb failing = new FaultInjectingDynamoDb(
                aws.dynamoDb(), (call, request) -> outage.get() ? Fault.throttled() : Fault.NONE);
        StorageCounters counters = new StorageCounters();

        try (TradeStorageHandler handler = handler(
                        failing,
                        WriteSettings.defaults(table)
                                .withMaxAttempts(2)
                                .withBackoff(Duration.ofMillis(1), Duration.ofMillis(5)),
                        dir.resolve("dl.jsonl"),
                        counters);
                KinesisEventSourceMapping esm =
                        mapping(aws, stream, handler).build().start()) {
            long deadline = System.nanoTime() + CAUGHT_UP.toNanos();
            while (esm.stats().partialFailures() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            outage.set(false);
            assertThat(esm.awaitCaughtUp(CAUGHT_UP)).isTrue();
            assertThat(esm.stats().partialFailures()).isGreaterThanOrEqualTo(3);
            assertThat(esm.stats().recordsSentToOnFailure()).isZero();
            assertThat(esm.stats().recordsDelivered()).isEqualTo(records.size());
        }

        assertThat(TradesTableContents.itemsWithoutStoredMs(aws.dynamoDb(), table))
                .hasSize(2_000);
        assertThat(counters.totals().recordsFailed()).isGreaterThanOrEqualTo(3);
    }
}
