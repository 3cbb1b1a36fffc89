package dev.tradelake.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.tradelake.lambda.FaultInjectingDynamoDb.Fault;
import dev.tradelake.lambda.testing.KinesisBatches;
import dev.tradelake.model.Backoff;
import dev.tradelake.model.RejectReason;
import dev.tradelake.model.Rejection;
import dev.tradelake.model.Trade;
import dev.tradelake.model.TradeRecordFormat;
import dev.tradelake.model.TradesTable;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/** The handler on real Kinesis event fixtures, against an in-memory trades table. */
class TradeStorageHandlerTest {

    private static final String TABLE = "trades";
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-05-01T12:00:00Z"), ZoneOffset.UTC);

    private final InMemoryDynamoDb table = new InMemoryDynamoDb(TABLE);
    private final List<DeadLetter> deadLetters = Collections.synchronizedList(new ArrayList<>());
    private final List<Duration> sleeps = Collections.synchronizedList(new ArrayList<>());
    private final List<BatchMetrics> metrics = Collections.synchronizedList(new ArrayList<>());

    private TradeStorageHandler handler(DynamoDbClient dynamo, WriteSettings settings) {
        return new TradeStorageHandler(dynamo, settings, deadLetters::add, CLOCK, sleeps::add, metrics::add);
    }

    private TradeStorageHandler handler() {
        return handler(table, WriteSettings.defaults(TABLE));
    }

    @Test
    void storesOneItemPerTradeIncludingSameMillisecondCopies() {
        KinesisEvent event = Fixtures.kinesisEvent("same-millisecond-trades.json");

        StreamsEventResponse response = handler().handleRequest(event, null);

        assertThat(response.getBatchItemFailures()).isEmpty();
        Map<String, Map<String, AttributeValue>> items = table.items();
        assertThat(items.keySet())
                .containsExactly(
                        "BAC|1381132800614#000000",
                        "BAC|1381132804499#000000",
                        "SPY|1381132800464#000000",
                        "SPY|1381132800465#000000",
                        "SPY|1381132800465#000001",
                        "SPY|1381132800465#000002",
                        "SPY|1381132800465#000003",
                        "SPY|1381132800465#000004");
        Map<String, AttributeValue> copy = items.get("SPY|1381132800465#000002");
        assertThat(copy.get(TradesTable.TRADE_ID).s()).isEqualTo("SPY:1381132800465:2");
        assertThat(copy.get(TradesTable.TIME).n()).isEqualTo("1381132800465");
        assertThat(copy.get(TradesTable.PRICE).n()).isEqualTo("167.41");
        assertThat(copy.get(TradesTable.VOLUME).n()).isEqualTo("100");
        assertThat(copy.get(TradesTable.CONDITIONS).l())
                .extracting(AttributeValue::s)
                .containsExactly("20002000");
        assertThat(copy.get(TradesTable.INGEST_MS).n()).isEqualTo("1700000000123");
        assertThat(copy.get(TradesTable.STORED_MS).n()).isEqualTo(Long.toString(CLOCK.millis()));
        assertThat(copy).doesNotContainKey(TradesTable.EXPIRES_AT);
        Map<String, AttributeValue> exactCopy = new HashMap<>(items.get("SPY|1381132800465#000001"));
        Map<String, AttributeValue> copyWithoutId = new HashMap<>(copy);
        for (String identity : List.of(TradesTable.PARTITION_KEY, TradesTable.SORT_KEY, TradesTable.TRADE_ID)) {
            exactCopy.remove(identity);
            copyWithoutId.remove(identity);
        }
        assertThat(exactCopy).isEqualTo(copyWithoutId);
        assertThat(deadLetters).isEmpty();
        assertThat(metrics).singleElement().satisfies(m -> {
            assertThat(m.records()).isEqualTo(2);
            assertThat(m.tradesWritten()).isEqualTo(8);
            assertThat(m.recordsFailed()).isZero();
        });
    }

    @Test
    void expiryCountsFromTheIngestTime() {
        handler(table, WriteSettings.defaults(TABLE).withTtlDays(7))
                .handleRequest(Fixtures.kinesisEvent("same-millisecond-trades.json"), null);

        assertThat(table.items()
                        .get("BAC|1381132800614#000000")
                        .get(TradesTable.EXPIRES_AT)
                        .n())
                .isEqualTo(Long.toString(1_700_000_000L + 7 * 86_400));
    }

    @Test
    void poisonRecordsGoToTheDeadLetterSinkWithTheirReasonAndTheBatchGoesOn() {
        KinesisEvent event = Fixtures.kinesisEvent("poison-mid-batch.json");

        StreamsEventResponse response = handler().handleRequest(event, null);

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(table.items()).hasSize(8);
        assertThat(deadLetters).hasSize(2);
        DeadLetter notJson = deadLetters.get(0);
        assertThat(notJson.scope()).isEqualTo(DeadLetter.Scope.RECORD);
        assertThat(notJson.sequenceNumber()).isEqualTo(Fixtures.sequenceNumber(event, 1));
        assertThat(notJson.eventId()).isEqualTo("shardId-000000000000:" + Fixtures.sequenceNumber(event, 1));
        assertThat(notJson.reasons()).extracting(Rejection::reason).containsExactly(RejectReason.MALFORMED_JSON);
        assertThat(new String(notJson.data(), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo("this is not a trade record");
        DeadLetter otherVersion = deadLetters.get(1);
        assertThat(otherVersion.reasons()).singleElement().satisfies(r -> {
            assertThat(r.reason()).isEqualTo(RejectReason.BAD_RECORD);
            assertThat(r.detail()).contains("version 2");
        });
        assertThat(metrics.get(0).recordsDeadLettered()).isEqualTo(2);
    }

    @Test
    void refusedRowsAreDeadLetteredAloneAndTheRestOfTheRecordIsStored() {
        handler().handleRequest(Fixtures.kinesisEvent("bad-rows.json"), null);

        assertThat(table.items().keySet()).containsExactly("IBM|1381132801000#000000", "IBM|1381132801003#000000");
        assertThat(table.items()
                        .get("IBM|1381132801003#000000")
                        .get(TradesTable.CONDITIONS)
                        .l())
                .isEmpty();
        assertThat(deadLetters).singleElement().satisfies(letter -> {
            assertThat(letter.scope()).isEqualTo(DeadLetter.Scope.ROWS);
            assertThat(letter.reasons())
                    .extracting(Rejection::reason)
                    .containsExactly(RejectReason.BAD_PRICE, RejectReason.BAD_VOLUME);
        });
        assertThat(metrics.get(0).tradesRejected()).isEqualTo(2);
    }

    @Test
    void aTradeRepeatedWithinABatchIsWrittenOnceAndNoRequestHoldsAKeyTwice() {
        // InMemoryDynamoDb refuses a request with a duplicate key as DynamoDB does: that would fail the batch
        StreamsEventResponse response = handler(
                        table, WriteSettings.defaults(TABLE).withConcurrency(1))
                .handleRequest(Fixtures.kinesisEvent("duplicate-records.json"), null);

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(table.items()).hasSize(8);
        assertThat(metrics.get(0).tradesWritten()).isEqualTo(8);
    }

    @Test
    void theSameBatchTwiceLeavesTheSameTable() {
        TradeStorageHandler handler = handler();
        handler.handleRequest(Fixtures.kinesisEvent("same-millisecond-trades.json"), null);
        Map<String, Map<String, AttributeValue>> once = table.items();

        handler.handleRequest(Fixtures.kinesisEvent("same-millisecond-trades.json"), null);

        assertThat(table.items()).isEqualTo(once);
    }

    @Test
    void throttlingIsRetriedWithBackoffUntilStored() {
        FaultInjectingDynamoDb flaky = FaultInjectingDynamoDb.firstCalls(table, 3, Fault.throttled());

        StreamsEventResponse response = handler(
                        flaky, WriteSettings.defaults(TABLE).withConcurrency(1))
                .handleRequest(Fixtures.kinesisEvent("same-millisecond-trades.json"), null);

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(table.items()).hasSize(8);
        assertThat(flaky.calls()).isEqualTo(4);
        assertThat(sleeps).hasSize(3);
        Backoff bounds = new Backoff(WriteSettings.DEFAULT_BASE_BACKOFF, WriteSettings.DEFAULT_MAX_BACKOFF);
        for (int i = 0; i < sleeps.size(); i++) {
            assertThat(sleeps.get(i)).isBetween(Duration.ZERO, bounds.ceiling(i)); // sleep i precedes retry i (0-based)
        }
        assertThat(metrics.get(0).writeRetries()).isEqualTo(3);
    }

    @Test
    void unprocessedItemsAreRetriedUntilStored() {
        FaultInjectingDynamoDb partial = FaultInjectingDynamoDb.firstCalls(table, 2, new Fault.Unprocessed(3));

        StreamsEventResponse response = handler(
                        partial, WriteSettings.defaults(TABLE).withConcurrency(1))
                .handleRequest(Fixtures.kinesisEvent("same-millisecond-trades.json"), null);

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(table.items()).hasSize(8);
        assertThat(partial.calls()).isEqualTo(3);
        assertThat(metrics.get(0).tradesWritten()).isEqualTo(8);
    }

    @Test
    void aRecordThatCannotBeStoredIsTheBatchItemFailure() {
        // DynamoDB keeps returning BAC's items as unprocessed, for ever
        FaultInjectingDynamoDb failing = new FaultInjectingDynamoDb(
                table,
                (call, request) ->
                        new Fault.UnprocessedMatching(item -> symbolOf(item).equals("BAC")));
        KinesisEvent event = Fixtures.kinesisEvent("poison-mid-batch.json"); // SPY, poison, poison, BAC

        StreamsEventResponse response = handler(
                        failing, WriteSettings.defaults(TABLE).withMaxAttempts(4))
                .handleRequest(event, null);

        assertThat(response.getBatchItemFailures())
                .extracting(StreamsEventResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly(Fixtures.sequenceNumber(event, 3));
        assertThat(table.items().keySet())
                .allMatch(key -> key.startsWith("SPY|"))
                .hasSize(6);
        assertThat(failing.calls()).isEqualTo(4);
        assertThat(sleeps).hasSize(3);
        assertThat(metrics.get(0).recordsFailed()).isEqualTo(1);
        assertThat(deadLetters).hasSize(2); // the poison records were handled before
    }

    @Test
    void onlyTheLowestFailedRecordIsReportedAndLaterRecordsAreLeftForRedelivery() {
        // three records of 25 trades (SPY, BAC, IBM): one BatchWriteItem each; BAC's is throttled for ever
        List<Trade> trades = new ArrayList<>();
        for (String symbol : List.of("SPY", "BAC", "IBM")) {
            for (int i = 0; i < 25; i++) {
                trades.add(new Trade(symbol, 1_381_132_800_000L + i, 0, 10.0 + i, 100, List.of(), 1_700_000_000_000L));
            }
        }
        KinesisEvent event = KinesisBatches.events(trades, 25, 3).get(0);
        FaultInjectingDynamoDb failing = new FaultInjectingDynamoDb(
                table,
                (call, request) -> request.requestItems().get(TABLE).stream()
                                .anyMatch(w -> symbolOf(w.putRequest().item()).equals("BAC"))
                        ? Fault.throttled()
                        : Fault.NONE);

        StreamsEventResponse response = handler(
                        failing,
                        WriteSettings.defaults(TABLE).withMaxAttempts(3).withConcurrency(1))
                .handleRequest(event, null);

        assertThat(response.getBatchItemFailures())
                .extracting(StreamsEventResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly(Fixtures.sequenceNumber(event, 1));
        assertThat(table.items().keySet())
                .allMatch(key -> key.startsWith("SPY|"))
                .hasSize(25);
        assertThat(failing.calls()).isEqualTo(1 + 3); // SPY once, BAC three times, IBM skipped
    }

    @Test
    void fatalErrorsAreNotRetried() {
        FaultInjectingDynamoDb missing = FaultInjectingDynamoDb.firstCalls(
                table,
                Integer.MAX_VALUE,
                new Fault.Throw(ResourceNotFoundException.builder()
                        .message("Requested resource not found")
                        .statusCode(400)
                        .build()));
        KinesisEvent event = Fixtures.kinesisEvent("same-millisecond-trades.json");

        StreamsEventResponse response = handler(
                        missing, WriteSettings.defaults(TABLE).withConcurrency(1))
                .handleRequest(event, null);

        assertThat(response.getBatchItemFailures())
                .extracting(StreamsEventResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly(Fixtures.sequenceNumber(event, 0));
        assertThat(missing.calls()).isEqualTo(1);
        assertThat(sleeps).isEmpty();
    }

    @Test
    void aDeadLetterThatCannotBeSentFailsItsRecordAndStopsTheBatchThere() {
        KinesisEvent event = Fixtures.kinesisEvent("poison-mid-batch.json"); // SPY, poison, poison, BAC
        TradeStorageHandler handler = new TradeStorageHandler(
                table,
                WriteSettings.defaults(TABLE),
                letter -> {
                    throw new DeadLetterSink.DeadLetterException("queue unavailable", null);
                },
                CLOCK,
                sleeps::add,
                metrics::add);

        StreamsEventResponse response = handler.handleRequest(event, null);

        assertThat(response.getBatchItemFailures())
                .extracting(StreamsEventResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly(Fixtures.sequenceNumber(event, 1));
        assertThat(table.items().keySet())
                .allMatch(key -> key.startsWith("SPY|"))
                .hasSize(6);
    }

    @Test
    void aTradeDynamoDbRefusesIsDeadLetteredAloneWithItsDataAndTheRestIsStored() throws Exception {
        List<Trade> trades = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            trades.add(new Trade("SPY", 1_381_132_800_000L + i, 0, 10.0 + i, 100, List.of("@"), 1_700_000_000_000L));
        }
        KinesisEvent event = KinesisBatches.events(trades, 20, 3).get(0);
        String poisonKey = TradeItems.Key.of(trades.get(37)).sortKey();
        FaultInjectingDynamoDb refusing = new FaultInjectingDynamoDb(
                table,
                (call, request) -> new Fault.RefuseMatching(
                        item -> item.get(TradesTable.SORT_KEY).s().equals(poisonKey)));

        StreamsEventResponse response =
                handler(refusing, WriteSettings.defaults(TABLE)).handleRequest(event, null);

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(table.items()).hasSize(59).doesNotContainKey("SPY|" + poisonKey);
        assertThat(deadLetters).hasSize(1);
        DeadLetter letter = deadLetters.get(0);
        assertThat(letter.scope()).isEqualTo(DeadLetter.Scope.TRADE);
        assertThat(letter.sequenceNumber()).isEqualTo(Fixtures.sequenceNumber(event, 1));
        assertThat(letter.reasons()).extracting(Rejection::reason).containsExactly(RejectReason.STORE_REFUSED);
        assertThat(letter.reasons().get(0).detail()).contains("invalid");
        assertThat(TradeRecordFormat.decode(letter.data()).trades()).containsExactly(trades.get(37));
        assertThat(metrics.get(0).recordsDeadLettered()).isEqualTo(1);
        assertThat(sleeps).isEmpty(); // a refusal is not retried
    }

    @Test
    void aNumberOutsideDynamoDbsRangeNeverStallsTheBatch() {
        List<Trade> trades = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            double price = i == 37 ? 1e200 : 10.0 + i;
            trades.add(new Trade("SPY", 1_381_132_800_000L + i, 0, price, 100, List.of(), 1_700_000_000_000L));
        }
        KinesisEvent event = KinesisBatches.events(trades, 20, 3).get(0);

        StreamsEventResponse response = handler().handleRequest(event, null);

        // refused by DynamoDB (split out) or, once the trade rules check DynamoDB's range, by the decoder
        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(table.items()).hasSize(59);
        assertThat(deadLetters).hasSize(1);
    }

    @Test
    void anEmptyOrRecordlessEventIsASuccess() {
        assertThat(handler().handleRequest(new KinesisEvent(), null).getBatchItemFailures())
                .isEmpty();
        assertThat(handler().handleRequest(null, null).getBatchItemFailures()).isEmpty();
    }

    @Test
    void aRecordWithoutDataIsDeadLettered() {
        KinesisEvent event = Fixtures.kinesisEvent("same-millisecond-trades.json");
        event.getRecords().get(0).getKinesis().setData(ByteBuffer.allocate(0));

        StreamsEventResponse response = handler().handleRequest(event, null);

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(deadLetters).singleElement().extracting(DeadLetter::scope).isEqualTo(DeadLetter.Scope.RECORD);
        assertThat(table.items()).hasSize(2);
    }

    @Test
    void theEnvironmentConstructorNamesTheMissingVariable() {
        // the test JVM's environment has no TRADES_TABLE (nor a dead-letter destination)
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv(LambdaEnv.TRADES_TABLE) == null);
        assertThatThrownBy(TradeStorageHandler::new)
                .isInstanceOf(LambdaConfig.ConfigException.class)
                .hasMessageContaining(LambdaEnv.TRADES_TABLE);
    }

    private static String symbolOf(Map<String, AttributeValue> item) {
        return item.get(TradesTable.SYMBOL).s();
    }
}
