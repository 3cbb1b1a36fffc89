package dev.tradelake.local.lambda;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import software.amazon.awssdk.services.kinesis.model.Record;

/**
 * The mapping's {@code destinationConfig.onFailure}, locally: a JSON-lines file with one line per
 * discarded batch, shaped like the record Lambda sends to an SQS or SNS on-failure destination
 * (metadata only, not the records' data: they are read back from the stream by sequence number).
 * <pre>
 * {"requestContext":{"requestId":"...","functionArn":"arn:aws:lambda:us-east-1:000000000000:function:f",
 *   "condition":"RetryAttemptsExhausted","approximateInvokeCount":3},
 *  "responseContext":{"statusCode":200,"executedVersion":"$LATEST","functionError":"Unhandled",
 *   "errorMessage":"java.lang.IllegalStateException: ..."},
 *  "version":"1.0","timestamp":"2024-05-01T12:00:00.123Z",
 *  "KinesisBatchInfo":{"shardId":"shardId-000000000000","startSequenceNumber":"4959...",
 *   "endSequenceNumber":"4959...","approximateArrivalOfFirstRecord":"...","approximateArrivalOfLastRecord":"...",
 *   "batchSize":3,"streamArn":"arn:aws:kinesis:us-east-1:000000000000:stream/trades"}}
 * </pre>
 * {@code errorMessage} is a local addition: why the last invocation failed. {@code condition} is
 * {@value #RETRIES_EXHAUSTED} or {@value #RECORD_AGE_EXCEEDED}, as on AWS.
 */
final class OnFailureDestination {

    static final String RETRIES_EXHAUSTED = "RetryAttemptsExhausted";
    static final String RECORD_AGE_EXCEEDED = "RecordAgeExceeded";
    private static final JsonFactory JSON = new JsonFactory();

    private final Path file;

    OnFailureDestination(Path file) {
        this.file = file.toAbsolutePath();
    }

    Path file() {
        return file;
    }

    /** What the last invocation of the discarded batch returned. */
    record LastResponse(boolean functionError, String message) {}

    synchronized void write(
            String functionArn,
            String streamArn,
            String shardId,
            List<Record> batch,
            String condition,
            int invokeCount,
            LastResponse last,
            Instant now) {
        String line = line(functionArn, streamArn, shardId, batch, condition, invokeCount, last, now) + "\n";
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(
                    file,
                    line,
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND,
                    StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the on-failure destination " + file, e);
        }
    }

    static String line(
            String functionArn,
            String streamArn,
            String shardId,
            List<Record> batch,
            String condition,
            int invokeCount,
            LastResponse last,
            Instant now) {
        StringWriter out = new StringWriter(640);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeObjectFieldStart("requestContext");
            g.writeStringField("requestId", UUID.randomUUID().toString());
            g.writeStringField("functionArn", functionArn);
            g.writeStringField("condition", condition);
            g.writeNumberField("approximateInvokeCount", invokeCount);
            g.writeEndObject();
            g.writeObjectFieldStart("responseContext");
            g.writeNumberField("statusCode", 200);
            g.writeStringField("executedVersion", "$LATEST");
            if (last != null) {
                if (last.functionError()) {
                    g.writeStringField("functionError", "Unhandled");
                }
                g.writeStringField("errorMessage", last.message());
            }
            g.writeEndObject();
            g.writeStringField("version", "1.0");
            g.writeStringField("timestamp", now.toString());
            g.writeObjectFieldStart("KinesisBatchInfo");
            g.writeStringField("shardId", shardId);
            g.writeStringField("startSequenceNumber", batch.get(0).sequenceNumber());
            g.writeStringField("endSequenceNumber", batch.get(batch.size() - 1).sequenceNumber());
            writeInstant(g, "approximateArrivalOfFirstRecord", batch.get(0).approximateArrivalTimestamp());
            writeInstant(
                    g,
                    "approximateArrivalOfLastRecord",
                    batch.get(batch.size() - 1).approximateArrivalTimestamp());
            g.writeNumberField("batchSize", batch.size());
            g.writeStringField("streamArn", streamArn);
            g.writeEndObject();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return out.toString();
    }

    private static void writeInstant(JsonGenerator g, String field, Instant instant) throws IOException {
        if (instant != null) {
            g.writeStringField(field, instant.toString());
        }
    }
}
