package dev.tradelake.flink;

import dev.tradelake.model.Bar;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.connector.aws.config.AWSConfigConstants;
import org.apache.flink.connector.dynamodb.sink.client.DynamoDbAsyncClientProvider;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.ThreadSafeSimpleCounter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.metrics.CoreMetric;
import software.amazon.awssdk.metrics.MetricCollection;
import software.amazon.awssdk.metrics.MetricPublisher;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * The bars table sink: one conditional {@code UpdateItem} per bar ({@link BarWrites}), so a
 * stored bar never goes back to a partial version. The stock {@code DynamoDbSink} writes with
 * {@code BatchWriteItem}, which takes no condition.
 *
 * <p>Up to {@link #MAX_IN_FLIGHT} writes run at once; a checkpoint waits for all of them
 * (at-least-once, and a write repeated after a restart is refused as not newer). The client is
 * the connector's own ({@code DynamoDbAsyncClientProvider}: the same properties, endpoint and
 * credentials as {@code DynamoDbSink}, the SDK's retries for throttling and server errors).
 *
 * <p>What fails is classified here, once: a refused condition is an older version and is
 * counted ({@code staleBarsSkipped}); a {@code ValidationException} (a value the table cannot
 * hold, whatever slipped past the trade rules) is logged, counted ({@code barsRejected}) and
 * dropped, so one bad bar never makes the job crash-loop; anything else (the table missing,
 * retries exhausted) fails the job, which restarts from its checkpoint. Metrics:
 * {@code barsWritten}, {@code staleBarsSkipped}, {@code barsRejected}, and
 * {@link BarsMetrics#BAR_WRITE_RETRIES} in the group Managed Flink publishes: the SDK retries a
 * throttled or failed write itself, out of sight, so its per-call {@code RetryCount} is collected
 * from the SDK's metrics of each write.
 */
public final class DynamoDbBarsSink implements Sink<Bar> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(DynamoDbBarsSink.class);

    static final int MAX_IN_FLIGHT = 16;
    /** A checkpoint or a full queue waits at most this long for a write before the job fails. */
    static final long WRITE_TIMEOUT_MS = 120_000;

    private final String table;
    private final Properties properties;
    private final int maxInFlight;

    private DynamoDbBarsSink(String table, Properties properties, int maxInFlight) {
        this.table = table;
        this.properties = properties;
        this.maxInFlight = maxInFlight;
    }

    /** The same sink with at most {@code writes} in flight (default {@value #MAX_IN_FLIGHT}); 1 writes in order. */
    public DynamoDbBarsSink withMaxInFlight(int writes) {
        if (writes < 1) {
            throw new IllegalArgumentException("at least one write in flight, not " + writes);
        }
        return new DynamoDbBarsSink(table, properties, writes);
    }

    /** The sink as {@code config} describes it; an endpoint on this machine gets the emulators' credentials. */
    public static DynamoDbBarsSink create(ReadableConfig config, String region) {
        Properties p = new Properties();
        p.setProperty(AWSConfigConstants.AWS_REGION, region);
        config.getOptional(BarsJobOptions.DYNAMODB_ENDPOINT).map(URI::create).ifPresent(endpoint -> {
            p.setProperty(AWSConfigConstants.AWS_ENDPOINT, endpoint.toString());
            LocalCredentials.applyIfLocal(p, endpoint);
        });
        return new DynamoDbBarsSink(config.get(BarsJobOptions.BARS_TABLE), p, MAX_IN_FLIGHT);
    }

    @Override
    @SuppressWarnings("deprecation") // Flink 1.19 still requires this overload
    public SinkWriter<Bar> createWriter(InitContext context) {
        return new Writer(table, maxInFlight, new DynamoDbAsyncClientProvider(properties), context.metricGroup());
    }

    private static final class Writer implements SinkWriter<Bar> {
        private final String table;
        private final int maxInFlight;
        private final DynamoDbAsyncClientProvider clients;
        private final DynamoDbAsyncClient client;
        /** Writes in flight, oldest first; each completes with its error, or null. Read on the task thread only. */
        private final ArrayDeque<Pending> inFlight = new ArrayDeque<>();

        private final Counter written;
        private final Counter stale;
        private final Counter rejected;
        /** Incremented on the SDK's threads, hence thread-safe. */
        private final Counter retries = new ThreadSafeSimpleCounter();

        private final MetricPublisher retryCounter = new MetricPublisher() {
            @Override
            public void publish(MetricCollection call) {
                call.metricValues(CoreMetric.RETRY_COUNT).forEach(retries::inc);
            }

            @Override
            public void close() {}
        };
        private final SparseLog log = new SparseLog(LOG, SparseLog.DEFAULT_INTERVAL_MS);

        private record Pending(Bar bar, CompletableFuture<Throwable> outcome) {}

        Writer(String table, int maxInFlight, DynamoDbAsyncClientProvider clients, MetricGroup metrics) {
            this.table = table;
            this.maxInFlight = maxInFlight;
            this.clients = clients;
            this.client = clients.getClient();
            this.written = metrics.counter("barsWritten");
            this.stale = metrics.counter("staleBarsSkipped");
            this.rejected = metrics.counter("barsRejected");
            BarsMetrics.group(metrics).counter(BarsMetrics.BAR_WRITE_RETRIES, retries);
        }

        @Override
        public void write(Bar bar, Context context) throws IOException, InterruptedException {
            while (!inFlight.isEmpty()
                    && (inFlight.size() >= maxInFlight
                            || inFlight.peek().outcome().isDone())) {
                settle(inFlight.poll());
            }
            UpdateItemRequest update = BarWrites.update(table, bar, System.currentTimeMillis()).toBuilder()
                    .overrideConfiguration(o -> o.addMetricPublisher(retryCounter))
                    .build();
            CompletableFuture<Throwable> outcome = client.updateItem(update).handle((response, error) -> error);
            inFlight.add(new Pending(bar, outcome));
        }

        @Override
        public void flush(boolean endOfInput) throws IOException, InterruptedException {
            while (!inFlight.isEmpty()) {
                settle(inFlight.poll());
            }
        }

        /** Waits for a write and counts its outcome here, on the task thread; throws what must fail the job. */
        private void settle(Pending pending) throws IOException, InterruptedException {
            Throwable error;
            try {
                error = pending.outcome().get(WRITE_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                error = e.getCause(); // handle() completes normally; kept for safety
            } catch (TimeoutException e) {
                throw new IOException("a bar write took more than " + WRITE_TIMEOUT_MS + " ms", e);
            }
            Throwable e = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            if (e == null) {
                written.inc();
            } else if (e instanceof ConditionalCheckFailedException) {
                stale.inc();
            } else if (e instanceof DynamoDbException d
                    && d.statusCode() == 400
                    && d.awsErrorDetails() != null
                    && "ValidationException".equals(d.awsErrorDetails().errorCode())) {
                rejected.inc();
                log.warn(System.currentTimeMillis(), "the bars table refused {}: {}", pending.bar(), d.getMessage());
            } else {
                throw new IOException("writing bars to " + table + " failed", e);
            }
        }

        @Override
        public void close() {
            inFlight.forEach(p -> p.outcome().cancel(false));
            clients.close();
        }
    }
}
