package dev.tradelake.lambda;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Clock;

/**
 * One CloudWatch Embedded Metric Format line per invocation, on standard output: CloudWatch Logs
 * turns it into metrics in namespace {@value #NAMESPACE} with dimension {@code FunctionName},
 * without a PutMetricData call.
 * <pre>
 * {"_aws":{"Timestamp":1700000000000,"CloudWatchMetrics":[{"Namespace":"Tradelake/TradeStorage",
 *   "Dimensions":[["FunctionName"]],"Metrics":[{"Name":"Records","Unit":"Count"}, ...]}]},
 *  "FunctionName":"tradelake-trade-storage","Records":100,"TradesWritten":4213, ...}
 * </pre>
 */
public final class EmfMetricsSink implements MetricsSink {

    public static final String NAMESPACE = "Tradelake/TradeStorage";
    private static final JsonFactory JSON = new JsonFactory();
    private static final String[][] METRICS = {
        {"Records", "Count"}, {"TradesWritten", "Count"}, {"TradesRejected", "Count"},
        {"RecordsDeadLettered", "Count"}, {"WriteRetries", "Count"}, {"RecordsFailed", "Count"},
        {"BatchLatency", "Milliseconds"}, {"IngestToStoreLatency", "Milliseconds"},
    };

    private final PrintStream out;
    private final String functionName;
    private final Clock clock;

    public EmfMetricsSink(PrintStream out, String functionName, Clock clock) {
        this.out = out;
        this.functionName = functionName;
        this.clock = clock;
    }

    /** Standard output, named after {@code AWS_LAMBDA_FUNCTION_NAME} (Lambda sets it), else "local". */
    public static EmfMetricsSink toStdout(Clock clock) {
        String name = System.getenv("AWS_LAMBDA_FUNCTION_NAME");
        return new EmfMetricsSink(System.out, name == null || name.isBlank() ? "local" : name, clock);
    }

    @Override
    public void batchDone(BatchMetrics m) {
        out.println(line(m, functionName, clock.millis()));
    }

    static String line(BatchMetrics m, String functionName, long nowMs) {
        StringWriter text = new StringWriter(512);
        try (JsonGenerator g = JSON.createGenerator(text)) {
            g.writeStartObject();
            g.writeObjectFieldStart("_aws");
            g.writeNumberField("Timestamp", nowMs);
            g.writeArrayFieldStart("CloudWatchMetrics");
            g.writeStartObject();
            g.writeStringField("Namespace", NAMESPACE);
            g.writeArrayFieldStart("Dimensions");
            g.writeStartArray();
            g.writeString("FunctionName");
            g.writeEndArray();
            g.writeEndArray();
            g.writeArrayFieldStart("Metrics");
            for (String[] metric : METRICS) {
                if (metric[0].equals("IngestToStoreLatency") && m.maxIngestToStoreMs() < 0) {
                    continue;
                }
                g.writeStartObject();
                g.writeStringField("Name", metric[0]);
                g.writeStringField("Unit", metric[1]);
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeEndArray();
            g.writeEndObject();
            g.writeStringField("FunctionName", functionName);
            g.writeNumberField("Records", m.records());
            g.writeNumberField("TradesWritten", m.tradesWritten());
            g.writeNumberField("TradesRejected", m.tradesRejected());
            g.writeNumberField("RecordsDeadLettered", m.recordsDeadLettered());
            g.writeNumberField("WriteRetries", m.writeRetries());
            g.writeNumberField("RecordsFailed", m.recordsFailed());
            g.writeNumberField("BatchLatency", m.latencyMs());
            if (m.maxIngestToStoreMs() >= 0) {
                g.writeNumberField("IngestToStoreLatency", m.maxIngestToStoreMs());
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return text.toString();
    }
}
