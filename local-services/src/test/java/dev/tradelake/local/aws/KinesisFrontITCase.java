package dev.tradelake.local.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ConsumerDescription;
import software.amazon.awssdk.services.kinesis.model.ConsumerStatus;
import software.amazon.awssdk.services.kinesis.model.ResourceInUseException;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;

/**
 * The Kinesis emulator's front ({@code local-services/node/kinesis-front.js}) through the SDK, as
 * the Flink job addresses it: streams by ARN, and the stream consumer calls of enhanced fan-out
 * (SubscribeToShard itself is read by the job in flink-job's {@code FanOutITCase}).
 */
@ExtendWith(LocalAwsExtension.class)
class KinesisFrontITCase {

    @Test
    void streamsAreAddressedByArn(LocalAws aws) {
        String stream = LocalAws.uniqueName("stream");
        aws.createStream(stream, 2);
        String arn = LocalAws.streamArn(stream).toString();
        try (KinesisClient front = front(aws)) {
            front.putRecord(b -> b.streamARN(arn).partitionKey("SPY").data(SdkBytes.fromUtf8String("x")));
            assertThat(front.listShards(b -> b.streamARN(arn)).shards()).hasSize(2);
            assertThat(front.describeStreamSummary(b -> b.streamARN(arn))
                            .streamDescriptionSummary()
                            .streamName())
                    .isEqualTo(stream);
        }
    }

    @Test
    void aConsumerIsRegisteredActivatedListedAndDeregistered(LocalAws aws) throws InterruptedException {
        String stream = LocalAws.uniqueName("stream");
        aws.createStream(stream, 1);
        String arn = LocalAws.streamArn(stream).toString();
        try (KinesisClient front = front(aws)) {
            String consumerArn = front.registerStreamConsumer(
                            b -> b.streamARN(arn).consumerName("bars"))
                    .consumer()
                    .consumerARN();
            assertThat(consumerArn).startsWith(arn + "/consumer/bars:");
            assertThatThrownBy(() ->
                            front.registerStreamConsumer(b -> b.streamARN(arn).consumerName("bars")))
                    .isInstanceOf(ResourceInUseException.class);

            ConsumerDescription described = awaitActive(front, consumerArn);
            assertThat(described.consumerName()).isEqualTo("bars");
            assertThat(described.streamARN()).isEqualTo(arn);
            assertThat(front.describeStreamConsumer(b -> b.streamARN(arn).consumerName("bars"))
                            .consumerDescription()
                            .consumerARN())
                    .isEqualTo(consumerArn);
            assertThat(front.listStreamConsumers(b -> b.streamARN(arn)).consumers())
                    .singleElement()
                    .satisfies(c -> assertThat(c.consumerARN()).isEqualTo(consumerArn));

            front.deregisterStreamConsumer(b -> b.consumerARN(consumerArn));
            assertThat(front.listStreamConsumers(b -> b.streamARN(arn)).consumers())
                    .isEmpty();
            assertThatThrownBy(() -> front.describeStreamConsumer(b -> b.consumerARN(consumerArn)))
                    .isInstanceOf(ResourceNotFoundException.class);
            assertThatThrownBy(() -> front.registerStreamConsumer(b -> b.streamARN(
                                    LocalAws.streamArn("no-such-stream").toString())
                            .consumerName("bars")))
                    .isInstanceOf(ResourceNotFoundException.class);
        }
    }

    private static ConsumerDescription awaitActive(KinesisClient front, String consumerArn)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            ConsumerDescription d = front.describeStreamConsumer(b -> b.consumerARN(consumerArn))
                    .consumerDescription();
            if (d.consumerStatus() == ConsumerStatus.ACTIVE) {
                return d;
            }
            assertThat(System.nanoTime()).as("consumer ACTIVE").isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    private static KinesisClient front(LocalAws aws) {
        return LocalAws.configure(KinesisClient.builder(), aws.kinesisArnEndpoint())
                .build();
    }
}
