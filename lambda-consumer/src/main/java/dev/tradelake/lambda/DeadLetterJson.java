package dev.tradelake.lambda;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.tradelake.model.Rejection;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Base64;

/**
 * A dead letter as one line of JSON (the body of an SQS message, or one line of the local file):
 * <pre>
 * {"time":"2024-05-01T12:00:00.123Z","scope":"record","reasons":[{"reason":"malformed_json","detail":"..."}],
 *  "eventSourceARN":"arn:aws:kinesis:...:stream/trades","eventID":"shardId-000000000000:4959...",
 *  "sequenceNumber":"4959...","partitionKey":"SPY","approximateArrivalTimestamp":"...","dataBytes":57,
 *  "data":"eyJ2IjoxLC..."}
 * </pre>
 * {@code data} is the record's bytes in base64; when the line would exceed the destination's
 * limit it is left out ({@code "dataOmitted":true}): the sequence number still finds the record in
 * the stream while it is retained.
 */
final class DeadLetterJson {

    private static final JsonFactory JSON = new JsonFactory();

    private DeadLetterJson() {}

    static String write(DeadLetter letter, Instant now, int maxChars) {
        String full = write(letter, now, true);
        return full.length() <= maxChars ? full : write(letter, now, false);
    }

    private static String write(DeadLetter letter, Instant now, boolean withData) {
        StringWriter out = new StringWriter(256 + (withData ? letter.data().length * 4 / 3 : 0));
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("time", now.toString());
            g.writeStringField("scope", letter.scope().name().toLowerCase(java.util.Locale.ROOT));
            g.writeArrayFieldStart("reasons");
            for (Rejection r : letter.reasons()) {
                g.writeStartObject();
                g.writeStringField("reason", r.reason().key());
                g.writeStringField("detail", r.detail());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeStringField("eventSourceARN", letter.eventSourceArn());
            g.writeStringField("eventID", letter.eventId());
            g.writeStringField("sequenceNumber", letter.sequenceNumber());
            g.writeStringField("partitionKey", letter.partitionKey());
            if (letter.approximateArrival() != null) {
                g.writeStringField(
                        "approximateArrivalTimestamp",
                        letter.approximateArrival().toString());
            }
            g.writeNumberField("dataBytes", letter.data().length);
            if (withData) {
                g.writeStringField("data", Base64.getEncoder().encodeToString(letter.data()));
            } else {
                g.writeBooleanField("dataOmitted", true);
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return out.toString();
    }
}
