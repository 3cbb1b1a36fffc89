package dev.tradelake.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tradelake.lambda.DeadLetter;
import dev.tradelake.lambda.FileDeadLetterSink;
import dev.tradelake.lambda.Sleeper;
import dev.tradelake.lambda.TradeItems;
import dev.tradelake.lambda.TradeStorageHandler;
import dev.tradelake.lambda.WriteSettings;
import dev.tradelake.local.aws.LocalAws;
import dev.tradelake.local.aws.LocalAwsExtension;
import dev.tradelake.local.fault.FaultInjector;
import dev.tradelake.local.lambda.KinesisEventSourceMapping;
import dev.tradelake.local.lambda.StartingPosition;
import dev.tradelake.model.RejectReason;
import dev.tradelake.model.Rejection;
import dev.tradelake.model.Trade;
import dev.tradelake.model.TradeRecordFormat;
import dev.tradelake.model.TradesTable;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@code ./datalake redrive} over a local work directory whose run is live: it lists what the
 * dead-letter files hold, stores what can be stored through the handler, and keeps the rest.
 */
@ExtendWith(LocalAwsExtension.class)
class RedriveITCase {

    private static final long INGEST_MS = 1_700_000_000_000L;

    @Test
    void listsAndRedrivesWhatCanBeStoredAndKeepsTheRest(LocalAws aws, @TempDir Path dir) throws Exception {
        String stream = LocalAws.uniqueName("trades-stream");
        aws.createStream(stream, 1);
        String table = LocalAws.uniqueName("trades");
        aws.createTradesTable(table);
        new LocalRunState(
                        ProcessHandle.current().pid(),
                        aws.kinesisEndpoint(),
                        aws.dynamoDbEndpoint(),
                        stream,
                        table,
                        "bars",
                        List.of())
                .save(dir);
        Path deadLetters = dir.resolve(DeadLetterFiles.DEAD_LETTERS);
        FileDeadLetterSink sink = new FileDeadLetterSink(deadLetters, Clock.systemUTC());

        // 1. a batch whose writes were throttled until the mapping gave up: an on-failure range, no data
        List<Trade> throttled = trades("SPY", 120, 0);
        try (FaultInjector dynamo = FaultInjector.start(aws.dynamoDbEndpoint());
                DynamoDbClient client = LocalAws.configure(DynamoDbClient.builder(), dynamo.endpoint())
                        .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                        .build();
                TradeStorageHandler handler = new TradeStorageHandler(
                        client,
                        WriteSettings.defaults(table)
                                .withMaxAttempts(2)
                                .withBackoff(Duration.ofMillis(1), Duration.ofMillis(2)),
                        sink,
                        Clock.systemUTC(),
                        Sleeper.REAL,
                        m -> {})) {
            dynamo.fail(FaultInjector.Failure.THROTTLING, 1.0, "BatchWriteItem");
            for (int i = 0; i < throttled.size(); i += 40) {
                byte[] data = TradeRecordFormat.encode(throttled.subList(i, i + 40));
                aws.kinesis()
                        .putRecord(b -> b.streamName(stream).partitionKey("SPY").data(SdkBytes.fromByteArray(data)));
            }
            try (KinesisEventSourceMapping esm = KinesisEventSourceMapping.builder()
                    .kinesis(aws.kinesis())
                    .streamName(stream)
                    .function(handler)
                    .startingPosition(StartingPosition.TRIM_HORIZON)
                    .functionResponseTypes(Set.of(KinesisEventSourceMapping.REPORT_BATCH_ITEM_FAILURES))
                    .maximumRetryAttempts(0)
                    .destinationConfigOnFailure(dir.resolve(DeadLetterFiles.ON_FAILURE))
                    .pollIntervalWhenIdle(Duration.ofMillis(50))
                    .build()
                    .start()) {
                assertThat(esm.awaitCaughtUp(Duration.ofMinutes(1))).isTrue();
                assertThat(esm.stats().recordsSentToOnFailure()).isEqualTo(3);
            }
        }
        // 2. a trade DynamoDB refused then, and would take now (say, a fixed schema)
        Trade refusedThen = trades("IBM", 1, 0).get(0);
        sink.send(letter(refusedThen, "shardId-000000000000:1", RejectReason.STORE_REFUSED));
        // 3. a trade DynamoDB refuses for good
        Trade poison = new Trade("AAPL", 1_381_132_800_000L, 0, 1e200, 10, List.of(), INGEST_MS);
        sink.send(letter(poison, "shardId-000000000000:2", RejectReason.STORE_REFUSED));
        String poisonLine = Files.readAllLines(deadLetters).get(1);

        Run listed = run("redrive", "--work-dir", dir.toString());
        assertThat(listed.exitCode).isZero();
        assertThat(listed.out).contains("3 messages", "store_refused", "retry_attempts_exhausted", "oldest", "newest");
        assertThat(items(aws, table)).isEmpty(); // listing changes nothing

        Run applied = run("redrive", "--work-dir", dir.toString(), "--apply");
        assertThat(applied.exitCode).isEqualTo(1);
        assertThat(applied.out).contains("redriven: 2, kept in the queue: 1", "still refused");
        List<Trade> stored = new ArrayList<>(throttled);
        stored.add(refusedThen);
        assertThat(items(aws, table)).hasSize(stored.size());
        for (Trade trade : stored) {
            Map<String, AttributeValue> expected = new java.util.HashMap<>(TradeItems.item(trade, 0, 0));
            expected.remove(TradesTable.STORED_MS);
            Map<String, AttributeValue> item = new java.util.HashMap<>(
                    items(aws, table).get(trade.symbol() + "|" + trade.id().sortKey()));
            item.remove(TradesTable.STORED_MS);
            assertThat(item).isEqualTo(expected);
        }
        assertThat(Files.readAllLines(deadLetters)).containsExactly(poisonLine);
        assertThat(dir.resolve(DeadLetterFiles.ON_FAILURE)).doesNotExist();
        try (var leftovers = Files.list(dir)) {
            assertThat(leftovers.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".redriving"));
        }

        Run again = run("redrive", "--work-dir", dir.toString(), "--apply");
        assertThat(again.out).contains("redriven: 0, kept in the queue: 1");
        assertThat(Files.readAllLines(deadLetters)).containsExactly(poisonLine);
        assertThat(items(aws, table)).hasSize(stored.size());
    }

    private static DeadLetter letter(Trade trade, String eventId, RejectReason reason) {
        return new DeadLetter(
                "arn:aws:kinesis:us-east-1:000000000000:stream/trades",
                eventId,
                eventId.substring(eventId.indexOf(':') + 1),
                trade.symbol(),
                Instant.now(),
                DeadLetter.Scope.TRADE,
                List.of(new Rejection(reason, "refused by DynamoDB")),
                TradeRecordFormat.encode(List.of(trade)));
    }

    private static List<Trade> trades(String symbol, int count, int from) {
        List<Trade> trades = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            trades.add(new Trade(
                    symbol, 1_381_132_800_000L + from + i, 0, 100 + i / 100.0, 10 + i, List.of("@"), INGEST_MS));
        }
        return trades;
    }

    private static Map<String, Map<String, AttributeValue>> items(LocalAws aws, String table) {
        Map<String, Map<String, AttributeValue>> items = new java.util.TreeMap<>();
        // by the trade's identity (symbol|sk), whichever of the symbol's partition keys holds it
        aws.dynamoDb()
                .scanPaginator(b -> b.tableName(table))
                .items()
                .forEach(item -> items.put(
                        item.get(TradesTable.SYMBOL).s() + "|"
                                + item.get(TradesTable.SORT_KEY).s(),
                        item));
        return items;
    }

    private record Run(int exitCode, String out) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        CommandLine cli = Datalake.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(out, true));
        int code = cli.execute(args);
        return new Run(code, out.toString());
    }
}
