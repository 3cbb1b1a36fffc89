package dev.tradelake.local.aws;

import dev.tradelake.model.BarsTable;
import dev.tradelake.model.Endpoints;
import dev.tradelake.model.StreamArn;
import dev.tradelake.model.TradesTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/**
 * The local AWS: a Kinesis and a DynamoDB emulator, clients for them, and the project's stream
 * and tables created with the same keys as on AWS. Used by {@code ./datalake local} and, through
 * {@link LocalAwsExtension}, by every integration test.
 */
public final class LocalAws implements AutoCloseable {

    public static final Region REGION = Region.US_EAST_1;
    public static final String ACCESS_KEY = Endpoints.EMULATOR_CREDENTIAL;

    public static final String SECRET_KEY = Endpoints.EMULATOR_CREDENTIAL;
    /** The account of every local ARN (kinesalite's own). */
    public static final String ACCOUNT = "000000000000";

    private static final AtomicInteger NAMES = new AtomicInteger();

    static {
        // Before any client of the emulators, ours or a library's, is built in this JVM.
        Endpoints.useJsonForEmulators();
    }

    private final EmulatorProcess kinesis;
    private final EmulatorProcess dynamo;
    private final KinesisClient kinesisClient;
    private final DynamoDbClient dynamoClient;

    private LocalAws(EmulatorProcess kinesis, EmulatorProcess dynamo) {
        this.kinesis = kinesis;
        this.dynamo = dynamo;
        this.kinesisClient =
                configure(KinesisClient.builder(), kinesis.endpoint()).build();
        this.dynamoClient =
                configure(DynamoDbClient.builder(), dynamo.endpoint()).build();
    }

    /** Starts both emulators with their data in memory; logs go to {@code logDir}. */
    public static LocalAws start(Path logDir) {
        return start(logDir, null);
    }

    /** Starts both emulators; with a {@code dataDir} their data survives a restart. */
    public static LocalAws start(Path logDir, Path dataDir) {
        EmulatorProcess kinesis = null;
        try {
            kinesis = EmulatorProcess.start(
                    EmulatorProcess.Kind.KINESIS, logDir, dataDir == null ? null : dataDir.resolve("kinesis"));
            EmulatorProcess dynamo = EmulatorProcess.start(
                    EmulatorProcess.Kind.DYNAMODB, logDir, dataDir == null ? null : dataDir.resolve("dynamodb"));
            // No shutdown hook: the owner stops the emulators after the stages that use them, and
            // if this JVM dies the emulators see their stdin close and exit by themselves.
            try {
                return new LocalAws(kinesis, dynamo);
            } catch (RuntimeException e) {
                dynamo.close();
                throw e;
            }
        } catch (IOException | RuntimeException e) {
            if (kinesis != null) {
                kinesis.close();
            }
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }

    /** Points any SDK v2 client builder at an emulator. */
    public static <
                    B extends
                            software.amazon.awssdk.awscore.client.builder.AwsClientBuilder<B, ?>
                                    & software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder<B, ?>>
            B configure(B builder, URI endpoint) {
        return builder.endpointOverride(endpoint)
                .region(REGION)
                .credentialsProvider(credentials())
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(5))
                        .socketTimeout(Duration.ofSeconds(30)));
    }

    public static StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY));
    }

    /** A name no other test in this JVM has used: tests never see each other's data. */
    public static String uniqueName(String prefix) {
        return prefix + "-" + ProcessHandle.current().pid() + "-" + NAMES.incrementAndGet();
    }

    public URI kinesisEndpoint() {
        return kinesis.endpoint();
    }

    /**
     * The Kinesis endpoint for clients that address streams by ARN or read with enhanced fan-out,
     * as the Flink job does: the emulator's front ({@code local-services/node/kinesis-front.js}),
     * which gives kinesalite stream names for ARNs and serves the stream consumer calls and
     * SubscribeToShard (HTTP/2) itself. Everything else ({@link #kinesisEndpoint()}: the ingest,
     * the event source mapping, the tests' client) talks to kinesalite directly, without the hop.
     */
    public URI kinesisArnEndpoint() {
        return kinesis.frontEndpoint();
    }

    /** The ARN of a local stream, as the Flink job is given it. */
    public static StreamArn streamArn(String streamName) {
        return StreamArn.of(REGION.id(), ACCOUNT, streamName);
    }

    public URI dynamoDbEndpoint() {
        return dynamo.endpoint();
    }

    public KinesisClient kinesis() {
        return kinesisClient;
    }

    public DynamoDbClient dynamoDb() {
        return dynamoClient;
    }

    public Path kinesisLog() {
        return kinesis.log();
    }

    public Path dynamoDbLog() {
        return dynamo.log();
    }

    public boolean isAlive() {
        return kinesis.isAlive() && dynamo.isAlive();
    }

    /** Which emulator has exited, with where its log is; empty while both run. */
    public Optional<String> exitedEmulator() {
        for (EmulatorProcess e : List.of(kinesis, dynamo)) {
            if (!e.isAlive()) {
                return Optional.of("the " + e.kind().arg + " emulator exited (see " + e.log() + ")");
            }
        }
        return Optional.empty();
    }

    /** The emulators' process ids. */
    public List<Long> emulatorPids() {
        return List.of(kinesis.pid(), dynamo.pid());
    }

    /** Creates the stream unless it exists (a local lake keeps it across runs); waits until it is ACTIVE. */
    public void ensureStream(String name, int shards) {
        try {
            kinesisClient.describeStreamSummary(b -> b.streamName(name));
        } catch (ResourceNotFoundException e) {
            createStream(name, shards);
        }
    }

    /** Creates the trades table unless it exists. */
    public void ensureTradesTable(String name) {
        if (!tableExists(name)) {
            createTradesTable(name);
        }
    }

    /** Creates the bars table unless it exists. */
    public void ensureBarsTable(String name) {
        if (!tableExists(name)) {
            createBarsTable(name);
        }
    }

    private boolean tableExists(String name) {
        try {
            dynamoClient.describeTable(b -> b.tableName(name));
            return true;
        } catch (software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException e) {
            return false;
        }
    }

    /** Creates a stream and waits until it is ACTIVE. */
    public void createStream(String name, int shards) {
        kinesisClient.createStream(b -> b.streamName(name).shardCount(shards));
        awaitActive(name);
    }

    /**
     * Raises the stream's retention (24 h when created) to at least {@code hours} and waits until it
     * is ACTIVE again; a stream a former run kept already has it, and is left as it is.
     */
    public void retainStream(String name, int hours) {
        Integer current = kinesisClient
                .describeStreamSummary(b -> b.streamName(name))
                .streamDescriptionSummary()
                .retentionPeriodHours();
        if (current != null && current >= hours) {
            return;
        }
        kinesisClient.increaseStreamRetentionPeriod(b -> b.streamName(name).retentionPeriodHours(hours));
        awaitActive(name);
    }

    private void awaitActive(String name) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (kinesisClient
                        .describeStreamSummary(b -> b.streamName(name))
                        .streamDescriptionSummary()
                        .streamStatus()
                != StreamStatus.ACTIVE) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("stream " + name + " did not become ACTIVE");
            }
            sleep(50);
        }
    }

    /** The trades table, keyed as {@link TradesTable} says (and as Terraform creates it). */
    public void createTradesTable(String name) {
        createTable(
                name, TradesTable.PARTITION_KEY, ScalarAttributeType.S, TradesTable.SORT_KEY, ScalarAttributeType.S);
    }

    /** The bars table, keyed as {@link BarsTable} says (and as Terraform creates it). */
    public void createBarsTable(String name) {
        createTable(name, BarsTable.PARTITION_KEY, ScalarAttributeType.S, BarsTable.SORT_KEY, ScalarAttributeType.N);
    }

    private void createTable(
            String name, String hashKey, ScalarAttributeType hashType, String rangeKey, ScalarAttributeType rangeType) {
        dynamoClient.createTable(b -> b.tableName(name)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(
                        AttributeDefinition.builder()
                                .attributeName(hashKey)
                                .attributeType(hashType)
                                .build(),
                        AttributeDefinition.builder()
                                .attributeName(rangeKey)
                                .attributeType(rangeType)
                                .build())
                .keySchema(
                        KeySchemaElement.builder()
                                .attributeName(hashKey)
                                .keyType(KeyType.HASH)
                                .build(),
                        KeySchemaElement.builder()
                                .attributeName(rangeKey)
                                .keyType(KeyType.RANGE)
                                .build()));
        dynamoClient.waiter().waitUntilTableExists(b -> b.tableName(name));
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public void close() {
        kinesisClient.close();
        dynamoClient.close();
        kinesis.close();
        dynamo.close();
    }
}
