package dev.tradelake.flink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tradelake.local.aws.LocalAws;
import dev.tradelake.local.aws.LocalAwsExtension;
import java.util.List;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.Consumer;
import software.amazon.awssdk.services.kinesis.model.ConsumerStatus;

/**
 * The job reading its stream with enhanced fan-out ({@code stream.reader=efo}) from the local
 * Kinesis emulator, whose front serves the stream consumer calls and SubscribeToShard over HTTP/2
 * as AWS does: the job registers its consumer, subscribes to each shard (again and again: the
 * emulator ends subscriptions after 4 s in the tests, as AWS does after 5 minutes), and a shard
 * split mid-stream is read parents first. Every bar equals the bars of all records computed
 * independently.
 */
@ExtendWith(LocalAwsExtension.class)
class FanOutITCase {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = MiniClusters.parallelismTwo();

    @Test
    void readsEveryRecordThroughSubscriptionsAcrossAShardSplit(LocalAws aws) throws Exception {
        String stream = LocalAws.uniqueName("trades");
        String consumer = LocalAws.uniqueName("bars-job");
        // Longer than a subscription lasts here: the parent's last event after the split can only
        // come through a subscription the reader started again.
        ReshardITCase.splitMidStream(
                aws,
                stream,
                2027,
                5_000,
                "--" + BarsJobOptions.STREAM_READER.key(),
                "efo",
                "--" + BarsJobOptions.STREAM_EFO_CONSUMER.key(),
                consumer);

        List<Consumer> consumers;
        try (KinesisClient front = LocalAws.configure(KinesisClient.builder(), aws.kinesisArnEndpoint())
                .build()) {
            consumers = front.listStreamConsumers(
                            b -> b.streamARN(LocalAws.streamArn(stream).toString()))
                    .consumers();
        }
        assertThat(consumers).singleElement().satisfies(c -> {
            assertThat(c.consumerName()).isEqualTo(consumer);
            assertThat(c.consumerStatus()).isEqualTo(ConsumerStatus.ACTIVE);
        });
    }
}
