package dev.tradelake.flink;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Properties;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.AbstractDeserializationSchema;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.connector.aws.config.AWSConfigConstants;
import org.apache.flink.connector.base.source.reader.RecordsWithSplitIds;
import org.apache.flink.connector.base.source.reader.fetcher.SingleThreadFetcherManager;
import org.apache.flink.connector.base.source.reader.synchronization.FutureCompletingBlockingQueue;
import org.apache.flink.connector.kinesis.source.KinesisStreamsSource;
import org.apache.flink.connector.kinesis.source.config.KinesisStreamsSourceConfigConstants;
import org.apache.flink.connector.kinesis.source.config.KinesisStreamsSourceConfigConstants.InitialPosition;
import org.apache.flink.connector.kinesis.source.enumerator.KinesisStreamsSourceEnumerator;
import org.apache.flink.connector.kinesis.source.enumerator.KinesisStreamsSourceEnumeratorState;
import org.apache.flink.connector.kinesis.source.enumerator.KinesisStreamsSourceEnumeratorStateSerializer;
import org.apache.flink.connector.kinesis.source.proxy.KinesisStreamProxy;
import org.apache.flink.connector.kinesis.source.reader.KinesisStreamsRecordEmitter;
import org.apache.flink.connector.kinesis.source.reader.KinesisStreamsSourceReader;
import org.apache.flink.connector.kinesis.source.reader.PollingKinesisShardSplitReader;
import org.apache.flink.connector.kinesis.source.serialization.KinesisDeserializationSchema;
import org.apache.flink.connector.kinesis.source.split.KinesisShardSplit;
import org.apache.flink.connector.kinesis.source.split.KinesisShardSplitSerializer;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.kinesis.shaded.org.apache.flink.connector.aws.util.AWSClientUtil;
import org.apache.flink.kinesis.shaded.org.apache.flink.connector.aws.util.AWSGeneralUtil;
import org.apache.flink.kinesis.shaded.software.amazon.awssdk.http.Protocol;
import org.apache.flink.kinesis.shaded.software.amazon.awssdk.http.SdkHttpClient;
import org.apache.flink.kinesis.shaded.software.amazon.awssdk.http.SdkHttpConfigurationOption;
import org.apache.flink.kinesis.shaded.software.amazon.awssdk.http.apache.ApacheHttpClient;
import org.apache.flink.kinesis.shaded.software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import org.apache.flink.kinesis.shaded.software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import org.apache.flink.kinesis.shaded.software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import org.apache.flink.kinesis.shaded.software.amazon.awssdk.services.kinesis.KinesisClient;
import org.apache.flink.kinesis.shaded.software.amazon.awssdk.services.kinesis.model.Record;
import org.apache.flink.kinesis.shaded.software.amazon.awssdk.utils.AttributeMap;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The trade stream, read with the FLIP-27 {@link KinesisStreamsSource} of
 * {@code flink-connector-kinesis} 4.3.0: its enumerator (shards found by {@code ListShards},
 * new shards after a reshard picked up every 10 s and read from their start), its shard splits,
 * checkpointed positions, reader and record emitter, addressing the stream by ARN on AWS and
 * locally alike.
 *
 * <p>Two pieces are the job's, because the 4.3.0 source lacks them: the shard reader is
 * {@link PacedShardReader}, the connector's own polling reader called at most once per
 * {@code stream.poll-interval} per shard (the 4.3.0 reader has no interval) and holding a
 * reshard's children back until their parent is read to its end; and {@link ParentFirstAssigner}
 * gives those children to their parent's subtask. That is why this class assembles the source
 * from the connector's parts instead of calling {@code KinesisStreamsSource.builder()}; the
 * parts, the checkpoint format and the SDK client are the connector's, unchanged.
 *
 * <p>With {@code stream.reader=efo} the shards are read with enhanced fan-out instead
 * ({@link FanOutShardReader}, SubscribeToShard through a stream consumer, on the connector's
 * shaded SDK v2 {@code KinesisAsyncClient} over HTTP/2), behind the same parents-first hold; the
 * enumerator, the splits and the checkpointed positions are the same, so a job switches between
 * the two keeping its state.
 *
 * <p>Event time is assigned after decoding (a record holds many trades), so the source itself
 * emits no watermarks.
 */
public final class KinesisRecordSource implements RecordSource {

    /** A new uid: the legacy consumer's state (uid {@code kinesis-trade-records}) cannot be restored into this source. */
    public static final String UID = "kinesis-shards";
    /** The connector's own format for {@code flink.stream.initpos.timestamp}. */
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX").withZone(ZoneOffset.UTC);

    private final String streamArn;
    private final Configuration sourceConfig;
    private final long pollIntervalMs;
    /** The stream consumer to read through with enhanced fan-out; null: polling. */
    private final String efoConsumer;

    public KinesisRecordSource(String streamArn, Configuration sourceConfig, long pollIntervalMs) {
        this(streamArn, sourceConfig, pollIntervalMs, null);
    }

    private KinesisRecordSource(String streamArn, Configuration sourceConfig, long pollIntervalMs, String efoConsumer) {
        this.streamArn = streamArn;
        this.sourceConfig = sourceConfig;
        this.pollIntervalMs = pollIntervalMs;
        this.efoConsumer = efoConsumer;
    }

    /** The source as {@code config} describes it; an endpoint on this machine gets the emulators' credentials. */
    public static KinesisRecordSource from(ReadableConfig config, String region) {
        Properties p = new Properties();
        p.setProperty(AWSConfigConstants.AWS_REGION, region);
        config.getOptional(BarsJobOptions.KINESIS_ENDPOINT).map(URI::create).ifPresent(endpoint -> {
            p.setProperty(AWSConfigConstants.AWS_ENDPOINT, endpoint.toString());
            LocalCredentials.applyIfLocal(p, endpoint);
        });
        Configuration c = new Configuration();
        p.stringPropertyNames().forEach(key -> c.setString(key, p.getProperty(key)));
        InitialPosition position = config.get(BarsJobOptions.STREAM_INITIAL_POSITION);
        c.set(KinesisStreamsSourceConfigConstants.STREAM_INITIAL_POSITION, position);
        if (position == InitialPosition.AT_TIMESTAMP) {
            c.set(
                    KinesisStreamsSourceConfigConstants.STREAM_INITIAL_TIMESTAMP,
                    TIMESTAMP.format(JobConfiguration.initialTimestamp(config)));
        }
        return new KinesisRecordSource(
                JobConfiguration.streamArn(config).toString(),
                c,
                config.get(BarsJobOptions.STREAM_POLL_INTERVAL).toMillis(),
                config.get(BarsJobOptions.STREAM_READER) == BarsJobOptions.StreamReader.EFO
                        ? config.get(BarsJobOptions.STREAM_EFO_CONSUMER)
                        : null);
    }

    @Override
    public DataStream<byte[]> addTo(StreamExecutionEnvironment env) {
        return env.fromSource(
                        new PacedSource(streamArn, sourceConfig, pollIntervalMs, efoConsumer),
                        WatermarkStrategy.noWatermarks(),
                        "kinesis-shards")
                .uid(UID);
    }

    /** The record payload, untouched: decoding belongs to the job, where its failures are counted. */
    static final class RawPayload extends AbstractDeserializationSchema<byte[]> {
        private static final long serialVersionUID = 1L;

        @Override
        public byte[] deserialize(byte[] message) throws IOException {
            return message;
        }
    }

    /** {@code KinesisStreamsSource} with {@link PacedShardReader}; everything else as the connector builds it. */
    static final class PacedSource implements Source<byte[], KinesisShardSplit, KinesisStreamsSourceEnumeratorState> {
        private static final long serialVersionUID = 1L;

        private final String streamArn;
        private final Configuration sourceConfig;
        private final long pollIntervalMs;
        private final String efoConsumer;
        private final KinesisDeserializationSchema<byte[]> payloads = KinesisDeserializationSchema.of(new RawPayload());

        PacedSource(String streamArn, Configuration sourceConfig, long pollIntervalMs, String efoConsumer) {
            this.streamArn = streamArn;
            this.sourceConfig = sourceConfig;
            this.pollIntervalMs = pollIntervalMs;
            this.efoConsumer = efoConsumer;
        }

        @Override
        public Boundedness getBoundedness() {
            return Boundedness.CONTINUOUS_UNBOUNDED;
        }

        @Override
        @SuppressWarnings("deprecation") // the queue-taking constructor is the one KinesisStreamsSourceReader accepts
        public SourceReader<byte[], KinesisShardSplit> createReader(SourceReaderContext context) throws Exception {
            FutureCompletingBlockingQueue<RecordsWithSplitIds<Record>> queue = new FutureCompletingBlockingQueue<>();
            return new KinesisStreamsSourceReader<>(
                    queue,
                    new SingleThreadFetcherManager<>(queue, () -> {
                        KinesisStreamProxy kinesis = proxy(sourceConfig);
                        ShardParents parents = new ShardParents(kinesis, streamArn);
                        if (efoConsumer != null) {
                            // Pushed records need no pacing: only the parents-first hold.
                            return new PacedShardReader(
                                    fanOut(sourceConfig, streamArn, efoConsumer), 0, System::nanoTime, parents::of);
                        }
                        return new PacedShardReader(
                                new PollingKinesisShardSplitReader(kinesis),
                                pollIntervalMs,
                                System::nanoTime,
                                parents::of);
                    }),
                    new KinesisStreamsRecordEmitter<>(payloads),
                    sourceConfig,
                    context);
        }

        @Override
        public SplitEnumerator<KinesisShardSplit, KinesisStreamsSourceEnumeratorState> createEnumerator(
                SplitEnumeratorContext<KinesisShardSplit> context) {
            return restoreEnumerator(context, null);
        }

        @Override
        public SplitEnumerator<KinesisShardSplit, KinesisStreamsSourceEnumeratorState> restoreEnumerator(
                SplitEnumeratorContext<KinesisShardSplit> context, KinesisStreamsSourceEnumeratorState state) {
            KinesisStreamProxy kinesis = proxy(sourceConfig);
            return new KinesisStreamsSourceEnumerator(
                    context,
                    streamArn,
                    sourceConfig,
                    kinesis,
                    new ParentFirstAssigner(new ShardParents(kinesis, streamArn)),
                    state);
        }

        @Override
        public SimpleVersionedSerializer<KinesisShardSplit> getSplitSerializer() {
            return new KinesisShardSplitSerializer();
        }

        @Override
        public SimpleVersionedSerializer<KinesisStreamsSourceEnumeratorState> getEnumeratorCheckpointSerializer() {
            return new KinesisStreamsSourceEnumeratorStateSerializer(new KinesisShardSplitSerializer());
        }

        /** The fan-out reader over the connector's shaded async SDK client, on HTTP/2 as SubscribeToShard needs. */
        private static FanOutShardReader fanOut(Configuration config, String streamArn, String consumer) {
            Properties properties = new Properties();
            config.addAllToProperties(properties);
            AWSGeneralUtil.validateAwsCredentials(properties);
            SdkAsyncHttpClient http = AWSGeneralUtil.createAsyncHttpClient(
                    AttributeMap.builder()
                            .put(SdkHttpConfigurationOption.PROTOCOL, Protocol.HTTP2)
                            // A subscription may go quiet for a while; AWS ends it after 5 minutes anyway.
                            .put(SdkHttpConfigurationOption.READ_TIMEOUT, Duration.ofMinutes(6))
                            .build(),
                    NettyNioAsyncHttpClient.builder());
            KinesisAsyncClient kinesis = AWSClientUtil.createAwsAsyncClient(
                    properties,
                    http,
                    KinesisAsyncClient.builder(),
                    "Apache Flink %s (%s) Kinesis Connector",
                    "aws.kinesis.client.user-agent-prefix");
            return new FanOutShardReader(
                    kinesis,
                    () -> {
                        kinesis.close();
                        http.close();
                    },
                    streamArn,
                    consumer);
        }

        /** The connector's stream proxy over its (shaded) SDK client, built as {@code KinesisStreamsSource} builds it. */
        private static KinesisStreamProxy proxy(Configuration config) {
            SdkHttpClient http =
                    AWSGeneralUtil.createSyncHttpClient(AttributeMap.builder().build(), ApacheHttpClient.builder());
            Properties properties = new Properties();
            config.addAllToProperties(properties);
            AWSGeneralUtil.validateAwsCredentials(properties);
            KinesisClient kinesis = AWSClientUtil.createAwsSyncClient(
                    properties,
                    http,
                    KinesisClient.builder(),
                    "Apache Flink %s (%s) Kinesis Connector",
                    "aws.kinesis.client.user-agent-prefix");
            return new KinesisStreamProxy(kinesis, http);
        }
    }
}
