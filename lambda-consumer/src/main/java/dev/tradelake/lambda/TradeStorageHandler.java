package dev.tradelake.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.tradelake.model.Backoff;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.SqsClientBuilder;

/**
 * The Lambda function: stores every trade of a Kinesis batch in the DynamoDB trades table, one
 * item per trade (see {@link BatchProcessor} for the failure semantics). Deploy with the event
 * source mapping's {@code function_response_types = ["ReportBatchItemFailures"]}.
 *
 * <p>Lambda calls the no-argument constructor once per container: clients and the writer pool are
 * built there, from the environment ({@link LambdaEnv}), and reused by every invocation.
 */
public final class TradeStorageHandler implements RequestHandler<KinesisEvent, StreamsEventResponse>, AutoCloseable {

    private static final Duration HTTP_CONNECT_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration HTTP_SOCKET_TIMEOUT = Duration.ofSeconds(10);

    private final BatchProcessor processor;
    private final ExecutorService pool;
    private final AutoCloseable[] owned;

    /** Lambda's constructor: everything from the environment. */
    public TradeStorageHandler() {
        this(LambdaConfig.fromEnv(System.getenv()), Clock.systemUTC());
    }

    private TradeStorageHandler(LambdaConfig config, Clock clock) {
        this(
                dynamoDb(config),
                config.write(),
                deadLetterSink(config, clock),
                clock,
                Sleeper.REAL,
                EmfMetricsSink.toStdout(clock),
                true);
    }

    /** For tests and the local launcher: default write settings, metrics as EMF lines on standard output. */
    public TradeStorageHandler(
            DynamoDbClient dynamo, String table, DeadLetterSink deadLetters, Clock clock, Sleeper sleeper) {
        this(dynamo, WriteSettings.defaults(table), deadLetters, clock, sleeper, EmfMetricsSink.toStdout(clock));
    }

    /**
     * For tests and the local launcher: every collaborator given. The caller keeps ownership of the
     * client and the dead-letter sink; {@link #close()} only stops the writer threads.
     */
    public TradeStorageHandler(
            DynamoDbClient dynamo,
            WriteSettings settings,
            DeadLetterSink deadLetters,
            Clock clock,
            Sleeper sleeper,
            MetricsSink metrics) {
        this(dynamo, settings, deadLetters, clock, sleeper, metrics, false);
    }

    private TradeStorageHandler(
            DynamoDbClient dynamo,
            WriteSettings settings,
            DeadLetterSink deadLetters,
            Clock clock,
            Sleeper sleeper,
            MetricsSink metrics,
            boolean ownsClients) {
        this.pool = settings.concurrency() > 1
                ? Executors.newFixedThreadPool(settings.concurrency(), writerThreads())
                : null;
        Backoff backoff = new Backoff(settings.baseBackoff(), settings.maxBackoff());
        BatchWriter writer = new BatchWriter(dynamo, settings, clock, sleeper, backoff, pool);
        this.processor = new BatchProcessor(writer, deadLetters, clock, metrics);
        this.owned = ownsClients ? new AutoCloseable[] {dynamo, deadLetters} : new AutoCloseable[0];
    }

    @Override
    public StreamsEventResponse handleRequest(KinesisEvent event, Context context) {
        return processor.process(event, context);
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdown();
        }
        for (AutoCloseable resource : owned) {
            try {
                resource.close();
            } catch (Exception e) {
                // closing at shutdown: nothing left to do about it
            }
        }
    }

    /**
     * The client Lambda's constructor builds: URL-connection HTTP (no Netty, fast start), region and
     * credentials from Lambda's environment, and no SDK retries, since {@link BatchWriter} retries
     * with its own backoff and one place decides what is retryable ({@link WriteErrors}).
     */
    static DynamoDbClient dynamoDb(LambdaConfig config) {
        DynamoDbClientBuilder builder = DynamoDbClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(HTTP_CONNECT_TIMEOUT)
                        .socketTimeout(HTTP_SOCKET_TIMEOUT))
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()));
        config.dynamoDbEndpoint().ifPresent(builder::endpointOverride);
        config.region().ifPresent(region -> builder.region(Region.of(region)));
        if (config.credentialsInEnvironment()) {
            builder.credentialsProvider(EnvironmentVariableCredentialsProvider.create());
        }
        return builder.build();
    }

    static DeadLetterSink deadLetterSink(LambdaConfig config, Clock clock) {
        if (config.deadLetter() instanceof LambdaConfig.DeadLetterTarget.Queue queue) {
            SqsClientBuilder builder = SqsClient.builder()
                    .httpClientBuilder(UrlConnectionHttpClient.builder()
                            .connectionTimeout(HTTP_CONNECT_TIMEOUT)
                            .socketTimeout(HTTP_SOCKET_TIMEOUT));
            config.sqsEndpoint().ifPresent(builder::endpointOverride);
            config.region().ifPresent(region -> builder.region(Region.of(region)));
            if (config.credentialsInEnvironment()) {
                builder.credentialsProvider(EnvironmentVariableCredentialsProvider.create());
            }
            return new SqsDeadLetterSink(builder.build(), queue.url(), clock);
        }
        return new FileDeadLetterSink(((LambdaConfig.DeadLetterTarget.File) config.deadLetter()).path(), clock);
    }

    private static ThreadFactory writerThreads() {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "trade-writer-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
