package dev.tradelake.flink;

import java.io.IOException;
import java.util.Properties;
import org.apache.flink.api.common.serialization.AbstractDeserializationSchema;
import org.apache.flink.connector.aws.config.AWSConfigConstants;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.connectors.kinesis.FlinkKinesisConsumer;
import org.apache.flink.streaming.connectors.kinesis.KinesisShardAssigner;
import org.apache.flink.streaming.connectors.kinesis.config.ConsumerConfigConstants;
import org.apache.flink.streaming.connectors.kinesis.model.StreamShardHandle;

/**
 * The trade stream, read with the {@code FlinkKinesisConsumer} of {@code flink-connector-kinesis}:
 * the connector that works against AWS and against kinesalite alike ({@code KinesisStreamsSource}
 * addresses streams by ARN, which kinesalite does not support). Its checkpointed shard offsets
 * make a restart resume where the last checkpoint was taken.
 */
public final class KinesisRecordSource implements RecordSource {

    public static final String UID = "kinesis-trade-records";
    /** The shaded AWS SDK v1 inside the connector reads this; kinesalite's CBOR is broken (see local-emulators.md). */
    static final String SHADED_SDK_DISABLE_CBOR = "org.apache.flink.kinesis.shaded.com.amazonaws.sdk.disableCbor";

    private final String streamName;
    private final Properties properties;

    public KinesisRecordSource(String streamName, Properties properties) {
        this.streamName = streamName;
        this.properties = properties;
    }

    /** The consumer as {@code config} describes it; an endpoint override means a local emulator. */
    public static KinesisRecordSource from(BarsJobConfig config, String region) {
        Properties p = new Properties();
        p.setProperty(AWSConfigConstants.AWS_REGION, region);
        p.setProperty(ConsumerConfigConstants.STREAM_INITIAL_POSITION, config.initialPosition().name());
        p.setProperty(ConsumerConfigConstants.SHARD_GETRECORDS_INTERVAL_MILLIS, Long.toString(config.pollIntervalMs()));
        config.kinesisEndpoint().ifPresent(endpoint -> {
            p.setProperty(AWSConfigConstants.AWS_ENDPOINT, endpoint.toString());
            LocalCredentials.applyIfLocal(p, endpoint);
        });
        return new KinesisRecordSource(config.streamName(), p);
    }

    @Override
    @SuppressWarnings("deprecation") // the legacy consumer is a SourceFunction: the one connector kinesalite serves
    public DataStream<byte[]> addTo(StreamExecutionEnvironment env) {
        if (properties.containsKey(AWSConfigConstants.AWS_ENDPOINT) && System.getProperty(SHADED_SDK_DISABLE_CBOR) == null) {
            // Local runs are in-process MiniClusters: setting it here reaches the consumer's threads.
            System.setProperty(SHADED_SDK_DISABLE_CBOR, "true");
        }
        FlinkKinesisConsumer<byte[]> consumer = new FlinkKinesisConsumer<>(streamName, new RawPayload(), properties);
        consumer.setShardAssigner(new ShardNumberAssigner());
        return env.addSource(consumer).name("kinesis: " + streamName).uid(UID);
    }

    /** The record payload, untouched: decoding belongs to the job, where its failures are counted. */
    static final class RawPayload extends AbstractDeserializationSchema<byte[]> {
        private static final long serialVersionUID = 1L;

        @Override
        public byte[] deserialize(byte[] message) throws IOException {
            return message;
        }
    }

    /**
     * Spreads shards over subtasks by their number ({@code shardId-000000000003} is 3), so with as
     * many subtasks as shards each subtask reads one shard; the connector's default assigner hashes
     * shard ids and may give two shards to one subtask while another reads none.
     */
    static final class ShardNumberAssigner implements KinesisShardAssigner {
        private static final long serialVersionUID = 1L;

        @Override
        public int assign(StreamShardHandle shard, int numParallelSubtasks) {
            return shardNumber(shard.getShard().getShardId());
        }

        static int shardNumber(String shardId) {
            int end = shardId.length();
            int start = end;
            while (start > 0 && Character.isDigit(shardId.charAt(start - 1)) && end - start < 9) {
                start--;
            }
            return start == end ? shardId.hashCode() & Integer.MAX_VALUE : Integer.parseInt(shardId.substring(start, end));
        }
    }
}
