package dev.tradelake.flink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tradelake.flink.testing.CollectedBars;
import dev.tradelake.flink.testing.PlainBars;
import dev.tradelake.flink.testing.TradeRecords;
import dev.tradelake.local.aws.LocalAws;
import dev.tradelake.local.aws.LocalAwsExtension;
import dev.tradelake.model.Bar;
import dev.tradelake.model.Trade;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
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

    private static final List<Long> WINDOWS = List.of(60_000L);

    @Test
    void readsEveryRecordThroughSubscriptionsAcrossAShardSplit(LocalAws aws) throws Exception {
        String stream = LocalAws.uniqueName("trades");
        String table = LocalAws.uniqueName("bars");
        String consumer = LocalAws.uniqueName("bars-job");
        aws.createStream(stream, 1);
        aws.createBarsTable(table);

        List<Trade> trades = SyntheticTrades.generate(2027, 12_000);
        List<byte[]> before = TradeRecords.packPerSymbol(trades.subList(0, 6_000), 50, 500);
        List<byte[]> after = TradeRecords.packPerSymbol(trades.subList(6_000, trades.size()), 50, 500);
        List<byte[]> all = new ArrayList<>(before);
        all.addAll(after);
        KinesisToDynamoDbITCase.putRecords(aws, stream, before);

        Configuration config = KinesisToDynamoDbITCase.jobOnEmulators(
                aws,
                stream,
                table,
                "--" + BarsJobOptions.STREAM_READER.key(),
                "efo",
                "--" + BarsJobOptions.STREAM_EFO_CONSUMER.key(),
                consumer,
                "--" + BarsJobOptions.BARS_WINDOWS.key(),
                "1m",
                "--" + BarsJobOptions.BARS_CLOSE_AFTER_QUIET.key(),
                "1500ms",
                "--" + BarsJobOptions.WATERMARK_IDLENESS.key(),
                "1500ms",
                "--" + BarsJobOptions.CHECKPOINT_INTERVAL.key(),
                "1s");
        JobClient job = BarsJob.forAws(config).executeAsync(StreamExecutionEnvironment.getExecutionEnvironment());
        Map<CollectedBars.Key, Bar> stored;
        try {
            Map<CollectedBars.Key, Bar> expectedBefore = PlainBars.compute(before, WINDOWS);
            assertThat(KinesisToDynamoDbITCase.awaitBars(aws, table, expectedBefore.size(), job))
                    .hasSizeGreaterThanOrEqualTo(expectedBefore.size());

            // Longer than a subscription lasts here: the parent's last event after the split can only
            // come through a subscription the reader started again.
            Thread.sleep(5_000);
            ReshardITCase.split(aws, stream);
            KinesisToDynamoDbITCase.putRecords(aws, stream, after);

            stored = KinesisToDynamoDbITCase.awaitBars(
                    aws, table, PlainBars.compute(all, WINDOWS).size(), job);
        } finally {
            job.cancel().get();
        }

        KinesisToDynamoDbITCase.assertSameBars(stored, PlainBars.compute(all, WINDOWS));
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
