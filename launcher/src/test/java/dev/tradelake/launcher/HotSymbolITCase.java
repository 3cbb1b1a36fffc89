package dev.tradelake.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tradelake.lambda.FileDeadLetterSink;
import dev.tradelake.lambda.Sleeper;
import dev.tradelake.lambda.StorageCounters;
import dev.tradelake.lambda.TradeStorageHandler;
import dev.tradelake.lambda.WriteSettings;
import dev.tradelake.lambda.testing.TestMappings;
import dev.tradelake.launcher.tables.StoredItems;
import dev.tradelake.launcher.tables.TradeReader;
import dev.tradelake.local.aws.LocalAws;
import dev.tradelake.local.aws.LocalAwsExtension;
import dev.tradelake.local.fault.FaultInjector;
import dev.tradelake.local.lambda.KinesisEventSourceMapping;
import dev.tradelake.model.Trade;
import dev.tradelake.model.TradeId;
import dev.tradelake.model.TradeRecordFormat;
import dev.tradelake.model.TradesTable;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;

/**
 * One symbol trading 5,000 times a second, stored by the Lambda handler through a DynamoDB that
 * refuses more than 1,000 writes a second to one partition key value, as AWS does: every trade is
 * stored once, no partition key takes more than its 1,000 a second of trade time, and the reader
 * of {@code ./datalake query} gives them back in time order.
 */
@ExtendWith(LocalAwsExtension.class)
class HotSymbolITCase {

    private static final String SYMBOL = "BINANCE:BTCUSDT";
    private static final long START_MS = 1_700_000_000_000L;
    private static final int TRADES = 20_000; // 4 s at 5,000/s, five in each millisecond
    private static final int PER_KEY_PER_SECOND = 1_000;

    @Test
    void aSymbolTradingFiveThousandTimesASecondIsStoredWholeAndReadBackInOrder(LocalAws aws, @TempDir Path dir)
            throws Exception {
        String stream = LocalAws.uniqueName("hot-stream");
        aws.createStream(stream, 1);
        String table = LocalAws.uniqueName("hot-trades");
        aws.createTradesTable(table);
        List<Trade> trades = new ArrayList<>(TRADES);
        for (int i = 0; i < TRADES; i++) {
            trades.add(new Trade(SYMBOL, START_MS + i / 5, i % 5, 37_000 + i % 100, 0.01, List.of(), START_MS + 5_000));
        }

        try (FaultInjector dynamo = FaultInjector.start(aws.dynamoDbEndpoint())
                        .capWritesPerPartitionKey(TradesTable.PARTITION_KEY, PER_KEY_PER_SECOND);
                DynamoDbClient client = LocalAws.configure(DynamoDbClient.builder(), dynamo.endpoint())
                        .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())) // as the Lambda's
                        .build();
                TradeStorageHandler handler = new TradeStorageHandler(
                        client,
                        WriteSettings.defaults(table).withBackoff(Duration.ofMillis(5), Duration.ofMillis(500)),
                        new FileDeadLetterSink(dir.resolve("dead-letters.jsonl"), Clock.systemUTC()),
                        Clock.systemUTC(),
                        Sleeper.REAL,
                        new StorageCounters());
                KinesisEventSourceMapping esm = TestMappings.retryingUntilExpiry(aws, stream, handler, dir)
                        .functionTimeout(Duration.ofSeconds(30))
                        .build()
                        .start()) {
            put(aws, stream, trades);
            assertThat(esm.awaitCaughtUp(Duration.ofMinutes(3))).isTrue();
            assertThat(esm.stats().recordsSentToOnFailure()).isZero();
            assertThat(dynamo.stats().forwarded()).isPositive();
        }
        assertThat(dir.resolve("dead-letters.jsonl")).doesNotExist();

        // on AWS writes follow trade time: no key may take more than its share of a second's trades
        Map<String, Integer> perKeySecond = new HashMap<>();
        aws.dynamoDb()
                .scanPaginator(b -> b.tableName(table))
                .items()
                .forEach(item -> perKeySecond.merge(
                        item.get(TradesTable.PARTITION_KEY).s() + "@"
                                + Long.parseLong(item.get(TradesTable.TIME).n()) / 1000,
                        1,
                        Integer::sum));
        assertThat(perKeySecond.values().stream().mapToInt(Integer::intValue).sum())
                .isEqualTo(TRADES);
        assertThat(perKeySecond.values()).allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(PER_KEY_PER_SECOND));

        TradeReader reader = new TradeReader(aws.dynamoDb(), table);
        List<TradeId> read = reader.between(SYMBOL, START_MS, START_MS + 10_000, TRADES + 1).stream()
                .map(StoredItems.StoredTrade::id)
                .toList();
        assertThat(read)
                .containsExactlyElementsOf(trades.stream().map(Trade::id).toList());
        Trade middle = trades.get(TRADES / 2);
        assertThat(reader.lastAtOrBefore(SYMBOL, middle.timeMs()))
                .map(StoredItems.StoredTrade::id)
                .contains(new TradeId(SYMBOL, middle.timeMs(), 4));
        assertThat(reader.lastAtOrBefore(SYMBOL, START_MS + 60_000))
                .map(StoredItems.StoredTrade::id)
                .contains(trades.get(TRADES - 1).id());
        assertThat(reader.newestBetween(SYMBOL, 0, START_MS + 60_000, 3))
                .extracting(StoredItems.StoredTrade::id)
                .containsExactly(
                        trades.get(TRADES - 1).id(),
                        trades.get(TRADES - 2).id(),
                        trades.get(TRADES - 3).id());
        assertThat(reader.after(SYMBOL, middle.id().sortKey(), 2))
                .extracting(StoredItems.StoredTrade::id)
                .containsExactly(
                        trades.get(TRADES / 2 + 1).id(),
                        trades.get(TRADES / 2 + 2).id());
    }

    /** 50 trades to a record, as the ingest packs them; PutRecords retried until the stream took every record. */
    private static void put(LocalAws aws, String stream, List<Trade> trades) {
        List<PutRecordsRequestEntry> entries = new ArrayList<>();
        for (int from = 0; from < trades.size(); from += 50) {
            entries.add(PutRecordsRequestEntry.builder()
                    .partitionKey(SYMBOL)
                    .data(SdkBytes.fromByteArray(TradeRecordFormat.encode(trades.subList(from, from + 50))))
                    .build());
        }
        for (int from = 0; from < entries.size(); from += 500) {
            List<PutRecordsRequestEntry> batch = entries.subList(from, Math.min(entries.size(), from + 500));
            for (int attempt = 0; !batch.isEmpty(); attempt++) {
                assertThat(attempt).as("PutRecords attempts").isLessThan(10);
                List<PutRecordsRequestEntry> sent = batch;
                PutRecordsResponse response =
                        aws.kinesis().putRecords(b -> b.streamName(stream).records(sent));
                List<PutRecordsRequestEntry> refused = new ArrayList<>();
                for (int i = 0; i < response.records().size(); i++) {
                    if (response.records().get(i).errorCode() != null) {
                        refused.add(sent.get(i));
                    }
                }
                batch = refused;
            }
        }
    }
}
