package dev.tradelake.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tradelake.model.RejectReason;
import dev.tradelake.model.Rejection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The two things the handler writes besides items: dead letters and metric lines. */
class DeadLettersAndMetricsTest {

    private static final Instant NOW = Instant.parse("2024-05-01T12:00:00Z");
    private static final DeadLetter LETTER = new DeadLetter(
            "arn:aws:kinesis:us-east-1:123456789012:stream/trades",
            "shardId-000000000000:4968",
            "4968",
            "SPY",
            Instant.parse("2024-05-01T11:59:59.500Z"),
            DeadLetter.Scope.RECORD,
            List.of(new Rejection(RejectReason.MALFORMED_JSON, "Unexpected character ('t')")),
            "this is not a trade record".getBytes(StandardCharsets.UTF_8));

    @Test
    void aDeadLetterIsOneJsonLineWithTheReasonAndTheRecord() {
        String line = DeadLetterJson.write(LETTER, NOW, Integer.MAX_VALUE);

        assertThat(line)
                .doesNotContain("\n")
                .startsWith("{\"time\":\"2024-05-01T12:00:00Z\",\"scope\":\"record\"")
                .contains("\"reasons\":[{\"reason\":\"malformed_json\",\"detail\":\"Unexpected character ('t')\"}]")
                .contains(
                        "\"eventID\":\"shardId-000000000000:4968\"",
                        "\"sequenceNumber\":\"4968\"",
                        "\"partitionKey\":\"SPY\"",
                        "\"approximateArrivalTimestamp\":\"2024-05-01T11:59:59.500Z\"")
                .contains("\"data\":\"" + Base64.getEncoder().encodeToString(LETTER.data()) + "\"");
    }

    @Test
    void aRecordTooLargeForTheDestinationTravelsWithoutItsData() {
        String line = DeadLetterJson.write(LETTER, NOW, 300);

        assertThat(line).contains("\"dataOmitted\":true", "\"dataBytes\":26").doesNotContain("\"data\":");
    }

    @Test
    void theFileSinkAppendsOneLinePerLetter(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("sub").resolve("dead-letters.jsonl");
        FileDeadLetterSink sink = new FileDeadLetterSink(file, Clock.fixed(NOW, ZoneOffset.UTC));

        sink.send(LETTER);
        sink.send(LETTER);

        assertThat(Files.readAllLines(file))
                .hasSize(2)
                .allSatisfy(l -> assertThat(l).contains("malformed_json"));
    }

    @Test
    void metricsAreOneEmbeddedMetricFormatLine() {
        String line = EmfMetricsSink.line(
                new BatchMetrics(100, 4213, 2, 1, 3, 0, 870, 1500), "trade-storage", NOW.toEpochMilli());

        assertThat(line)
                .doesNotContain("\n")
                .startsWith(
                        "{\"_aws\":{\"Timestamp\":" + NOW.toEpochMilli() + ",\"CloudWatchMetrics\":[{\"Namespace\":\""
                                + EmfMetricsSink.NAMESPACE + "\",\"Dimensions\":[[\"FunctionName\"]],\"Metrics\":[")
                .contains("{\"Name\":\"BatchLatency\",\"Unit\":\"Milliseconds\"}")
                .contains(
                        "\"FunctionName\":\"trade-storage\"",
                        "\"Records\":100",
                        "\"TradesWritten\":4213",
                        "\"TradesRejected\":2",
                        "\"RecordsDeadLettered\":1",
                        "\"WriteRetries\":3",
                        "\"RecordsFailed\":0",
                        "\"BatchLatency\":870",
                        "\"IngestToStoreLatency\":1500");
    }

    @Test
    void countersAddUpTheBatches() {
        StorageCounters counters = new StorageCounters();
        counters.batchDone(new BatchMetrics(10, 100, 1, 1, 2, 0, 5, 1));
        counters.batchDone(new BatchMetrics(5, 50, 0, 0, 0, 1, 5, 1));

        assertThat(counters.totals()).isEqualTo(new StorageCounters.Totals(2, 15, 150, 1, 1, 2, 1));
    }
}
