package dev.tradelake.flink;

import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.apache.flink.kinesis.shaded.software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import org.apache.flink.kinesis.shaded.software.amazon.awssdk.services.kinesis.model.ConsumerDescription;
import org.apache.flink.kinesis.shaded.software.amazon.awssdk.services.kinesis.model.ConsumerStatus;
import org.apache.flink.kinesis.shaded.software.amazon.awssdk.services.kinesis.model.ResourceInUseException;
import org.apache.flink.kinesis.shaded.software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;

/**
 * The stream consumer that enhanced fan-out reads through: described by name, registered if it
 * does not exist yet (another subtask may be registering it at the same moment: then it is
 * described again), and waited for until it is {@code ACTIVE}. Never deregistered here: on AWS
 * Terraform owns it ({@code aws_kinesis_stream_consumer}), and a consumer the job registered
 * itself stays for the next run.
 */
final class StreamConsumers {
    /** AWS takes a few seconds to activate a consumer; this bounds a stuck one. */
    static final Duration ACTIVATION_TIMEOUT = Duration.ofMinutes(2);

    private static final Duration POLL = Duration.ofMillis(500);

    private StreamConsumers() {}

    /** The ARN of the ACTIVE consumer {@code name} of {@code streamArn}, registering it if needed. */
    static String activeConsumerArn(KinesisAsyncClient kinesis, String streamArn, String name)
            throws InterruptedException {
        long deadline = System.nanoTime() + ACTIVATION_TIMEOUT.toNanos();
        while (true) {
            ConsumerDescription consumer = describeOrRegister(kinesis, streamArn, name);
            if (consumer != null && consumer.consumerStatus() == ConsumerStatus.ACTIVE) {
                return consumer.consumerARN();
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the stream consumer " + name + " of " + streamArn
                        + " is not ACTIVE after " + ACTIVATION_TIMEOUT.toSeconds() + " s");
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    /** The consumer's description; null right after registering it (described on the next round). */
    private static ConsumerDescription describeOrRegister(KinesisAsyncClient kinesis, String streamArn, String name)
            throws InterruptedException {
        try {
            return await(kinesis.describeStreamConsumer(
                            b -> b.streamARN(streamArn).consumerName(name)))
                    .consumerDescription();
        } catch (ResourceNotFoundException missing) {
            try {
                await(kinesis.registerStreamConsumer(b -> b.streamARN(streamArn).consumerName(name)));
            } catch (ResourceInUseException registeredMeanwhile) {
                // another subtask was first: describe it on the next round
            }
            return null;
        }
    }

    private static <T> T await(java.util.concurrent.CompletableFuture<T> call) throws InterruptedException {
        try {
            return call.get();
        } catch (ExecutionException e) {
            Throwable cause =
                    e.getCause() instanceof CompletionException && e.getCause().getCause() != null
                            ? e.getCause().getCause()
                            : e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(cause);
        }
    }
}
