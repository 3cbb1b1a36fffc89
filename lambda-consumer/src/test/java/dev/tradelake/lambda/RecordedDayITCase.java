package dev.tradelake.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tradelake.local.aws.LocalAws;
import dev.tradelake.local.aws.LocalAwsExtension;
import dev.tradelake.local.lambda.KinesisEventSourceMapping;
import dev.tradelake.local.lambda.StartingPosition;
import dev.tradelake.model.TradesTable;
import dev.tradelake.model.testing.PackedRecords.Packed;
import dev.tradelake.model.testing.RecordedDay;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The recorded day (388,417 trades, a third of them same-millisecond copies) through Kinesis, the
 * local event-source mapping and the handler into the trades table: every trade exactly once.
 */
@ExtendWith(LocalAwsExtension.class)
class RecordedDayITCase {

    private static final int TRADES_PER_RECORD = 100;
    private static final long INGEST_MS = 1_700_000_000_000L;

    @Test
    void everyTradeOfTheDayIsStoredExactlyOnce(LocalAws aws, @TempDir Path dir) throws Exception {
        RecordedDay.assumePresent();
        String stream = LocalAws.uniqueName("day");
        String table = LocalAws.uniqueName("day-trades");
        aws.createStream(stream, 2);
        aws.createTradesTable(table);
        List<Packed> records = TradeRecords.pack(RecordedDay.trades(), TRADES_PER_RECORD, INGEST_MS);
        TradeRecords.put(aws.kinesis(), stream, records);

        Path deadLetters = dir.resolve("dead-letters.jsonl");
        StorageCounters counters = new StorageCounters();
        long startNanos = System.nanoTime();
        try (TradeStorageHandler handler = new TradeStorageHandler(
                        aws.dynamoDb(),
                        WriteSettings.defaults(table),
                        new FileDeadLetterSink(deadLetters, Clock.systemUTC()),
                        Clock.systemUTC(),
                        Sleeper.REAL,
                        counters);
                KinesisEventSourceMapping esm = KinesisEventSourceMapping.builder()
                        .kinesis(aws.kinesis())
                        .streamName(stream)
                        .function(handler)
                        .functionName("trade-storage")
                        .startingPosition(StartingPosition.TRIM_HORIZON)
                        .batchSize(100)
                        .bisectBatchOnFunctionError(true)
                        .maximumRetryAttempts(3)
                        .functionResponseTypes(Set.of(KinesisEventSourceMapping.REPORT_BATCH_ITEM_FAILURES))
                        .destinationConfigOnFailure(dir.resolve("on-failure.jsonl"))
                        .build()
                        .start()) {
            assertThat(esm.awaitCaughtUp(Duration.ofMinutes(4)))
                    .as("caught up with the stream")
                    .isTrue();
            double seconds = (System.nanoTime() - startNanos) / 1e9;
            System.out.printf(
                    "recorded day: %,d trades in %,d records stored in %.1f s: %,.0f trades/s (%s)%n",
                    RecordedDay.TOTAL_TRADES, records.size(), seconds, RecordedDay.TOTAL_TRADES / seconds, esm.stats());
            assertThat(esm.stats().recordsDelivered()).isEqualTo(records.size());
            assertThat(esm.stats().recordsSentToOnFailure()).isZero();
        }

        assertThat(counters.totals().tradesWritten()).isEqualTo(RecordedDay.TOTAL_TRADES);
        assertThat(deadLetters).doesNotExist();
        List<Map<String, AttributeValue>> items =
                TradesTableContents.scan(aws.dynamoDb(), table, List.of(TradesTable.SYMBOL, TradesTable.VOLUME), 4);
        assertThat(items).hasSize(RecordedDay.TOTAL_TRADES);
        Map<String, Long> counts = new TreeMap<>();
        Map<String, Double> volumes = new TreeMap<>();
        for (Map<String, AttributeValue> item : items) {
            String symbol = item.get(TradesTable.SYMBOL).s();
            counts.merge(symbol, 1L, Long::sum);
            volumes.merge(
                    symbol, Double.parseDouble(item.get(TradesTable.VOLUME).n()), Double::sum);
        }
        Map<String, RecordedDay.SymbolTotals> expected = RecordedDay.totals();
        assertThat(counts.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
        for (RecordedDay.SymbolTotals totals : expected.values()) {
            assertThat(counts.get(totals.symbol()))
                    .as("trades of %s", totals.symbol())
                    .isEqualTo(totals.trades());
            assertThat(volumes.get(totals.symbol()))
                    .as("volume of %s", totals.symbol())
                    .isCloseTo(totals.volume(), within(1e-6));
        }
        assertThat(Files.exists(dir.resolve("on-failure.jsonl"))).isFalse();
    }
}
