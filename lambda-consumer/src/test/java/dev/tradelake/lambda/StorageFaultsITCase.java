package dev.tradelake.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tradelake.lambda.testing.SyntheticTrades;
import dev.tradelake.lambda.testing.TestMappings;
import dev.tradelake.local.aws.LocalAws;
import dev.tradelake.local.aws.LocalAwsExtension;
import dev.tradelake.local.fault.FaultInjector;
import dev.tradelake.local.fault.FaultInjector.Failure;
import dev.tradelake.local.lambda.KinesisEventSourceMapping;
import dev.tradelake.local.lambda.KinesisEventSourceMappingConfigBuilder;
import dev.tradelake.model.Trade;
import dev.tradelake.model.TradeRecordFormat;
import dev.tradelake.model.TradesTable;
import dev.tradelake.model.testing.PackedRecords;
import dev.tradelake.model.testing.PackedRecords.Packed;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * The handler under the local event source mapping, configured as {@code ./datalake local} and
 * Terraform configure it (retries until the record expires), with DynamoDB behind a
 * {@link FaultInjector}: outages and errors delay trades, never lose or duplicate them, and a trade
 * DynamoDB cannot store is dead-lettered alone without stalling its shard.
 *
 * <p>The windows are 120 s of throttling and 60 s of an unreachable stream; CI runs them for
 * {@value #DEFAULT_THROTTLE_SECONDS} s and {@value #DEFAULT_UNREACHABLE_SECONDS} s to keep the suite
 * short (the throttling already outlasts what the old settings survived).
 * {@code -Dfaults.throttle-seconds=120 -Dfaults.unreachable-seconds=60} runs the full windows.
 */
@ExtendWith(LocalAwsExtension.class)
class StorageFaultsITCase {

    private static final int DEFAULT_THROTTLE_SECONDS = 20;
    private static final int DEFAULT_UNREACHABLE_SECONDS = 10;
    private static final Duration CAUGHT_UP = Duration.ofMinutes(3);
    private static final long INGEST_MS = 1_700_000_000_000L;

    @Test
    void dynamoDbThrottledForAWhileInTheMiddleOfTheStreamLosesNothing(LocalAws aws, @TempDir Path dir)
            throws Exception {
        Duration throttled = Duration.ofSeconds(Long.getLong("faults.throttle-seconds", DEFAULT_THROTTLE_SECONDS));
        String stream = stream(aws);
        String table = table(aws);
        List<Trade> trades = SyntheticTrades.generate(3_000, 1_381_132_800_000L, INGEST_MS, 21);
        List<List<Trade>> thirds =
                List.of(trades.subList(0, 1_000), trades.subList(1_000, 2_000), trades.subList(2_000, 3_000));

        try (FaultInjector dynamo = FaultInjector.start(aws.dynamoDbEndpoint());
                DynamoDbClient client = client(dynamo);
                TradeStorageHandler handler = handler(client, table, dir);
                KinesisEventSourceMapping esm =
                        mapping(aws, stream, handler, dir).build().start()) {
            TradeRecords.put(aws.kinesis(), stream, packed(thirds.get(0)));
            assertThat(esm.awaitCaughtUp(CAUGHT_UP)).isTrue();

            dynamo.fail(Failure.THROTTLING, 1.0, "BatchWriteItem");
            TradeRecords.put(aws.kinesis(), stream, packed(thirds.get(1)));
            Thread.sleep(throttled.toMillis());
            dynamo.heal();
            TradeRecords.put(aws.kinesis(), stream, packed(thirds.get(2)));

            assertThat(esm.awaitCaughtUp(CAUGHT_UP)).isTrue();
            assertThat(esm.stats().recordsSentToOnFailure()).isZero();
            assertThat(dynamo.stats().failed()).isGreaterThan(10);
        }
        assertEveryTradeStoredOnce(aws, table, trades);
        assertNoDeadLetters(dir);
    }

    @Test
    void theStreamUnreachableForAWhileLosesNothing(LocalAws aws, @TempDir Path dir) throws Exception {
        Duration unreachable =
                Duration.ofSeconds(Long.getLong("faults.unreachable-seconds", DEFAULT_UNREACHABLE_SECONDS));
        String stream = stream(aws);
        String table = table(aws);
        List<Trade> trades = SyntheticTrades.generate(3_000, 1_381_132_800_000L, INGEST_MS, 24);

        try (FaultInjector kinesis = FaultInjector.start(aws.kinesisEndpoint());
                KinesisClient reader = LocalAws.configure(KinesisClient.builder(), kinesis.endpoint())
                        .build();
                TradeStorageHandler handler = handler(aws.dynamoDb(), table, dir);
                KinesisEventSourceMapping esm = mapping(aws, stream, handler, dir)
                        .kinesis(reader)
                        .build()
                        .start()) {
            TradeRecords.put(aws.kinesis(), stream, packed(trades.subList(0, 1_000)));
            assertThat(esm.awaitCaughtUp(CAUGHT_UP)).isTrue();

            kinesis.unreachable(true);
            TradeRecords.put(aws.kinesis(), stream, packed(trades.subList(1_000, 2_000)));
            Thread.sleep(unreachable.toMillis());
            kinesis.heal();
            TradeRecords.put(aws.kinesis(), stream, packed(trades.subList(2_000, 3_000)));

            assertThat(esm.awaitCaughtUp(CAUGHT_UP)).isTrue();
            assertThat(esm.stats().recordsSentToOnFailure()).isZero();
        }
        assertEveryTradeStoredOnce(aws, table, trades);
        assertNoDeadLetters(dir);
    }

    @Test
    void fivePercentOfRequestsFailingWith500ForAWholeRunLosesNothing(LocalAws aws, @TempDir Path dir) throws Exception {
        String stream = stream(aws);
        String table = table(aws);
        List<Trade> trades = SyntheticTrades.generate(5_000, 1_381_132_800_000L, INGEST_MS, 22);

        try (FaultInjector dynamo =
                        FaultInjector.start(aws.dynamoDbEndpoint()).seed(5).fail(Failure.SERVER_ERROR, 0.05);
                DynamoDbClient client = client(dynamo);
                TradeStorageHandler handler = handler(client, table, dir);
                KinesisEventSourceMapping esm =
                        mapping(aws, stream, handler, dir).build().start()) {
            TradeRecords.put(aws.kinesis(), stream, packed(trades));
            assertThat(esm.awaitCaughtUp(CAUGHT_UP)).isTrue();
            assertThat(dynamo.stats().failed()).isPositive();
            assertThat(esm.stats().recordsSentToOnFailure()).isZero();
        }
        assertEveryTradeStoredOnce(aws, table, trades);
        assertNoDeadLetters(dir);
    }

    @Test
    void oneTradeDynamoDbCannotStoreIsDeadLetteredAloneAndTheShardNeverStalls(LocalAws aws, @TempDir Path dir)
            throws Exception {
        String stream = stream(aws);
        String table = table(aws);
        List<Trade> trades = new ArrayList<>(SyntheticTrades.generate(3_000, 1_381_132_800_000L, INGEST_MS, 23));
        Trade good = trades.get(1_234);
        Trade poison = new Trade(
                good.symbol(),
                good.timeMs(),
                good.seq(),
                new java.math.BigDecimal("1e200"),
                good.volume(),
                good.conditions(),
                good.ingestMs());
        trades.set(1_234, poison);

        try (TradeStorageHandler handler = handler(aws.dynamoDb(), table, dir);
                KinesisEventSourceMapping esm =
                        mapping(aws, stream, handler, dir).build().start()) {
            TradeRecords.put(aws.kinesis(), stream, packed(trades));
            assertThat(esm.awaitCaughtUp(CAUGHT_UP)).isTrue();
            assertThat(esm.stats().partialFailures()).isZero();
            assertThat(esm.stats().functionErrors()).isZero();
            assertThat(esm.stats().recordsSentToOnFailure()).isZero();
        }
        List<Trade> stored = new ArrayList<>(trades);
        stored.remove(poison);
        assertEveryTradeStoredOnce(aws, table, stored);
        List<String> letters = Files.readAllLines(dir.resolve("dead-letters.jsonl"));
        assertThat(letters).hasSize(1);
        assertThat(letters.get(0)).contains("\"partitionKey\":\"" + poison.symbol() + "\"");
        // the letter carries the trade's own data (alone, or with its record when the decoder refused it)
        String data = letters.get(0).replaceAll(".*\"data\":\"([^\"]*)\".*", "$1");
        TradeRecordFormat.Decoded decoded =
                TradeRecordFormat.decode(Base64.getDecoder().decode(data));
        assertThat(decoded.trades().contains(poison) || !decoded.rejected().isEmpty())
                .isTrue();
        assertThat(letters.get(0)).containsPattern("\"reason\":\"[a-z_]+\",\"detail\":\"[^\"]+\"");
    }

    static KinesisEventSourceMappingConfigBuilder mapping(
            LocalAws aws, String stream, TradeStorageHandler handler, Path dir) {
        return TestMappings.retryingUntilExpiry(aws, stream, handler, dir);
    }

    private static TradeStorageHandler handler(DynamoDbClient dynamo, String table, Path dir) {
        return new TradeStorageHandler(
                dynamo,
                WriteSettings.defaults(table).withBackoff(Duration.ofMillis(5), Duration.ofMillis(500)),
                new FileDeadLetterSink(dir.resolve("dead-letters.jsonl"), Clock.systemUTC()),
                Clock.systemUTC(),
                Sleeper.REAL,
                new StorageCounters());
    }

    /** As the Lambda builds its client: no SDK retries, the handler retries. */
    private static DynamoDbClient client(FaultInjector proxy) {
        return LocalAws.configure(DynamoDbClient.builder(), proxy.endpoint())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    private static String stream(LocalAws aws) {
        String stream = LocalAws.uniqueName("trades-stream");
        aws.createStream(stream, 2);
        aws.retainStream(stream, 168); // as Terraform
        return stream;
    }

    private static String table(LocalAws aws) {
        String table = LocalAws.uniqueName("trades");
        aws.createTradesTable(table);
        return table;
    }

    private static List<Packed> packed(List<Trade> trades) {
        return PackedRecords.runs(trades, 50);
    }

    private static void assertEveryTradeStoredOnce(LocalAws aws, String table, List<Trade> trades) {
        Map<String, Map<String, AttributeValue>> items =
                TradesTableContents.itemsWithoutStoredMs(aws.dynamoDb(), table);
        Set<String> expected = new TreeSet<>();
        for (Trade trade : trades) {
            expected.add(trade.symbol() + "|" + trade.id().sortKey());
        }
        assertThat(items.keySet()).isEqualTo(expected);
        for (Trade trade : trades) {
            Map<String, AttributeValue> expectedItem = new java.util.HashMap<>(TradeItems.item(trade, 0, 0));
            expectedItem.remove(TradesTable.STORED_MS);
            assertThat(items.get(trade.symbol() + "|" + trade.id().sortKey())).isEqualTo(expectedItem);
        }
    }

    private static void assertNoDeadLetters(Path dir) {
        assertThat(dir.resolve("dead-letters.jsonl")).doesNotExist();
        assertThat(dir.resolve("on-failure.jsonl")).doesNotExist();
    }
}
