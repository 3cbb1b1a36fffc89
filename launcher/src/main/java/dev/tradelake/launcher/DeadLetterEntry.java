package dev.tradelake.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * One message of the dead-letter queue, read: either a dead letter the handler sent (with the
 * record's or the trade's data, see {@code DeadLetterJson} in lambda-consumer) or an on-failure
 * record of the event source mapping (a shard and a sequence-number range only). The original text
 * is kept: a message that is not redriven is put back exactly as it was.
 *
 * @param kind           what sent it; {@link Kind#UNREADABLE} when the text is neither
 * @param time           when it was sent (null when unknown)
 * @param reasons        the reason of each refused row or trade; {@code retries_exhausted} and the
 *                       like for an on-failure record
 * @param data           the record's bytes (null when the message has none)
 * @param shardId        the shard the records came from
 * @param firstSequence  the first (or only) sequence number to re-read from the stream
 * @param lastSequence   the last sequence number to re-read (equal to the first for one record)
 */
record DeadLetterEntry(
        String text,
        Kind kind,
        Instant time,
        List<String> reasons,
        byte[] data,
        String streamArn,
        String shardId,
        String partitionKey,
        String firstSequence,
        String lastSequence) {

    enum Kind {
        DEAD_LETTER,
        ON_FAILURE,
        UNREADABLE
    }

    static final String UNREADABLE_REASON = "unreadable_message";
    private static final ObjectMapper JSON = new ObjectMapper();

    static DeadLetterEntry parse(String text) {
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (IOException e) {
            node = null;
        }
        if (node == null || !node.isObject()) {
            return unreadable(text);
        }
        JsonNode batch = node.path("KinesisBatchInfo");
        if (batch.isObject()) {
            String condition = node.path("requestContext").path("condition").asText("on_failure");
            return new DeadLetterEntry(
                    text,
                    Kind.ON_FAILURE,
                    instant(node.path("timestamp")),
                    List.of(snakeCase(condition)),
                    null,
                    text(batch.path("streamArn")),
                    text(batch.path("shardId")),
                    null,
                    text(batch.path("startSequenceNumber")),
                    text(batch.path("endSequenceNumber")));
        }
        if (!node.has("reasons") || !node.has("sequenceNumber")) {
            return unreadable(text);
        }
        List<String> reasons = new ArrayList<>();
        for (JsonNode reason : node.path("reasons")) {
            reasons.add(reason.path("reason").asText("unknown"));
        }
        byte[] data = null;
        if (node.path("data").isTextual()) {
            try {
                data = Base64.getDecoder().decode(node.path("data").asText());
            } catch (IllegalArgumentException e) {
                data = null; // read back from the stream by sequence number instead
            }
        }
        String eventId = text(node.path("eventID"));
        String sequence = text(node.path("sequenceNumber"));
        String shard = eventId != null && eventId.contains(":") ? eventId.substring(0, eventId.indexOf(':')) : null;
        return new DeadLetterEntry(
                text,
                Kind.DEAD_LETTER,
                instant(node.path("time")),
                List.copyOf(reasons),
                data,
                text(node.path("eventSourceARN")),
                shard,
                text(node.path("partitionKey")),
                sequence,
                sequence);
    }

    private static DeadLetterEntry unreadable(String text) {
        return new DeadLetterEntry(
                text, Kind.UNREADABLE, null, List.of(UNREADABLE_REASON), null, null, null, null, null, null);
    }

    /** The stream's name, from its ARN ({@code arn:aws:kinesis:region:account:stream/NAME}). */
    String streamName() {
        return streamArn == null ? null : streamArn.substring(streamArn.lastIndexOf('/') + 1);
    }

    private static String text(JsonNode node) {
        return node.isTextual() ? node.asText() : null;
    }

    private static Instant instant(JsonNode node) {
        try {
            return node.isTextual() ? Instant.parse(node.asText()) : null;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** {@code RetryAttemptsExhausted} as {@code retry_attempts_exhausted}, like the handler's reasons. */
    private static String snakeCase(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }
}
