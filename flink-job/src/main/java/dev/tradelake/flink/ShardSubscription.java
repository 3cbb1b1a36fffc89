package dev.tradelake.flink;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.connector.kinesis.source.split.StartingPosition;
import org.apache.flink.kinesis.shaded.org.reactivestreams.Subscriber;
import org.apache.flink.kinesis.shaded.org.reactivestreams.Subscription;
import org.apache.flink.kinesis.shaded.software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import org.apache.flink.kinesis.shaded.software.amazon.awssdk.services.kinesis.model.Record;
import org.apache.flink.kinesis.shaded.software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import org.apache.flink.kinesis.shaded.software.amazon.awssdk.services.kinesis.model.SubscribeToShardEvent;
import org.apache.flink.kinesis.shaded.software.amazon.awssdk.services.kinesis.model.SubscribeToShardEventStream;
import org.apache.flink.kinesis.shaded.software.amazon.awssdk.services.kinesis.model.SubscribeToShardRequest;
import org.apache.flink.kinesis.shaded.software.amazon.awssdk.services.kinesis.model.SubscribeToShardResponseHandler;

/**
 * One {@code SubscribeToShard} call for one shard: the events it pushes go to the reader's queue,
 * one at a time (the next is requested only once the reader took the last one, so a slow job
 * holds the stream back instead of buffering it), followed by one {@link Ended}. AWS ends every
 * subscription after 5 minutes; the reader then subscribes again from where it got to.
 *
 * <p>The idea is flink-connector-aws 5.x's {@code FanOutKinesisShardSubscription}, on the
 * 4.3.0 connector's shaded SDK so that the records are the type its emitter takes.
 */
final class ShardSubscription {

    /** What a subscription puts in the reader's queue. */
    sealed interface Event permits Records, Ended, WakeUp {
        /** The subscription it came from; null for a wake-up. */
        ShardSubscription from();
    }

    /** Not from a subscription: the reader is asked to return from its wait. */
    record WakeUp() implements Event {
        @Override
        public ShardSubscription from() {
            return null;
        }
    }

    /** Records of the shard, in order; {@code shardEnded} when the shard is closed and read to its end. */
    record Records(ShardSubscription from, List<Record> records, boolean shardEnded) implements Event {}

    /** The subscription is over: by AWS's time limit ({@code error} null), or by an error. */
    record Ended(ShardSubscription from, Throwable error) implements Event {}

    private final String splitId;
    private final BlockingQueue<Event> events;
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile Subscription subscription;
    private volatile boolean cancelled;

    private ShardSubscription(String splitId, BlockingQueue<Event> events) {
        this.splitId = splitId;
        this.events = events;
    }

    /** Subscribes to {@code shardId} through {@code consumerArn}, from {@code position}. */
    static ShardSubscription start(
            KinesisAsyncClient kinesis,
            String consumerArn,
            String splitId,
            String shardId,
            StartingPosition position,
            BlockingQueue<Event> events) {
        ShardSubscription s = new ShardSubscription(splitId, events);
        SubscribeToShardRequest request = SubscribeToShardRequest.builder()
                .consumerARN(consumerArn)
                .shardId(shardId)
                .startingPosition(sdkPosition(position))
                .build();
        SubscribeToShardResponseHandler handler = SubscribeToShardResponseHandler.builder()
                .onError(s::end)
                .subscriber(() -> s.new EventSubscriber())
                .build();
        kinesis.subscribeToShard(request, handler).whenComplete((ignored, error) -> s.end(error));
        return s;
    }

    String splitId() {
        return splitId;
    }

    /** Asks for the next event: the reader took the last one. */
    void requestNext() {
        Subscription current = subscription;
        if (current != null && !cancelled) {
            current.request(1);
        }
    }

    void cancel() {
        cancelled = true;
        Subscription current = subscription;
        if (current != null) {
            current.cancel();
        }
    }

    private void end(Throwable error) {
        if (ended.compareAndSet(false, true) && !cancelled) {
            events.add(new Ended(this, error));
        }
    }

    /** The split's position as SubscribeToShard takes it: the same four kinds as GetShardIterator. */
    static org.apache.flink.kinesis.shaded.software.amazon.awssdk.services.kinesis.model.StartingPosition sdkPosition(
            StartingPosition position) {
        ShardIteratorType type = position.getShardIteratorType();
        var builder =
                org.apache.flink.kinesis.shaded.software.amazon.awssdk.services.kinesis.model.StartingPosition.builder()
                        .type(type.toString());
        Object marker = position.getStartingMarker();
        if (marker instanceof String sequenceNumber) {
            builder.sequenceNumber(sequenceNumber);
        } else if (marker instanceof java.time.Instant at) {
            builder.timestamp(at);
        }
        return builder.build();
    }

    private final class EventSubscriber implements Subscriber<SubscribeToShardEventStream> {
        @Override
        public void onSubscribe(Subscription s) {
            subscription = s;
            if (cancelled) {
                s.cancel();
            } else {
                s.request(1);
            }
        }

        @Override
        public void onNext(SubscribeToShardEventStream event) {
            if (event instanceof SubscribeToShardEvent e) {
                // No continuation: the shard is closed and this was its last event (with its children).
                events.add(new Records(ShardSubscription.this, e.records(), e.continuationSequenceNumber() == null));
            } else {
                requestNext(); // an event type this reader does not know: skip it
            }
        }

        @Override
        public void onError(Throwable t) {
            end(t);
        }

        @Override
        public void onComplete() {
            end(null);
        }
    }
}
