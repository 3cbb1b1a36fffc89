package dev.tradelake.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeadLetterEntryTest {

    private static final String LETTER = "{\"time\":\"2024-05-01T12:00:00.123Z\",\"scope\":\"rows\",\"reasons\":"
            + "[{\"reason\":\"bad_price\",\"detail\":\"p\"},{\"reason\":\"bad_volume\",\"detail\":\"v\"}],"
            + "\"eventSourceARN\":\"arn:aws:kinesis:us-east-1:000000000000:stream/trades\","
            + "\"eventID\":\"shardId-000000000001:4959\",\"sequenceNumber\":\"4959\",\"partitionKey\":\"SPY\","
            + "\"dataBytes\":3,\"data\":\"YWJj\"}";
    private static final String ON_FAILURE = "{\"requestContext\":{\"requestId\":\"r\",\"functionArn\":\"f\","
            + "\"condition\":\"RecordAgeExceeded\",\"approximateInvokeCount\":3},\"version\":\"1.0\","
            + "\"timestamp\":\"2024-05-02T12:00:00Z\",\"KinesisBatchInfo\":{\"shardId\":\"shardId-000000000000\","
            + "\"startSequenceNumber\":\"100\",\"endSequenceNumber\":\"200\",\"batchSize\":2,"
            + "\"streamArn\":\"arn:aws:kinesis:us-east-1:000000000000:stream/trades\"}}";

    @Test
    void readsTheHandlersDeadLetterWithItsData() {
        DeadLetterEntry entry = DeadLetterEntry.parse(LETTER);

        assertThat(entry.kind()).isEqualTo(DeadLetterEntry.Kind.DEAD_LETTER);
        assertThat(entry.reasons()).containsExactly("bad_price", "bad_volume");
        assertThat(entry.data()).containsExactly('a', 'b', 'c');
        assertThat(entry.shardId()).isEqualTo("shardId-000000000001");
        assertThat(entry.streamName()).isEqualTo("trades");
        assertThat(entry.time()).isEqualTo(Instant.parse("2024-05-01T12:00:00.123Z"));
    }

    @Test
    void readsTheMappingsOnFailureRange() {
        DeadLetterEntry entry = DeadLetterEntry.parse(ON_FAILURE);

        assertThat(entry.kind()).isEqualTo(DeadLetterEntry.Kind.ON_FAILURE);
        assertThat(entry.reasons()).containsExactly("record_age_exceeded");
        assertThat(entry.data()).isNull();
        assertThat(entry.firstSequence()).isEqualTo("100");
        assertThat(entry.lastSequence()).isEqualTo("200");
    }

    @Test
    void anythingElseIsCountedAsUnreadableAndKeptVerbatim() {
        for (String text : List.of("not json", "[1,2]", "{\"a\":1}")) {
            DeadLetterEntry entry = DeadLetterEntry.parse(text);
            assertThat(entry.kind()).isEqualTo(DeadLetterEntry.Kind.UNREADABLE);
            assertThat(entry.text()).isEqualTo(text);
        }
    }

    @Test
    void theReportCountsByReasonWithTheOldestAndNewest() {
        DeadLetterReport report = DeadLetterReport.of(
                List.of(DeadLetterEntry.parse(LETTER), DeadLetterEntry.parse(ON_FAILURE), DeadLetterEntry.parse("x")));

        assertThat(report.messages()).isEqualTo(3);
        assertThat(report.byReason())
                .isEqualTo(Map.of(
                        "bad_price",
                        1,
                        "bad_volume",
                        1,
                        "record_age_exceeded",
                        1,
                        DeadLetterEntry.UNREADABLE_REASON,
                        1));
        assertThat(report.oldest()).isEqualTo(Instant.parse("2024-05-01T12:00:00.123Z"));
        assertThat(report.newest()).isEqualTo(Instant.parse("2024-05-02T12:00:00Z"));
        assertThat(report.format()).contains("3 messages", "bad_price");
        assertThat(DeadLetterReport.of(List.of()).format()).contains("empty");
    }
}
