package dev.tradelake.launcher;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.tradelake.lambda.DeadLetter;
import dev.tradelake.lambda.DeadLetterSink;
import dev.tradelake.local.lambda.KinesisEvents;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * Stores a dead-letter message's trades through the Lambda's own handler, as if Lambda delivered its
 * record again: items are overwritten with the same content, so redriving twice is harmless.
 *
 * <ul>
 *   <li>A dead letter with data is handed to the handler as a one-record batch. It is redriven when
 *       the handler stores everything and refuses nothing: a record whose rows still break the rules,
 *       or a trade DynamoDB still refuses, stays in the queue (the valid trades are stored meanwhile).</li>
 *   <li>An on-failure record (or a dead letter sent without its data) is read back from the stream by
 *       sequence number, while the stream retains it, and handed to the handler as a batch; anything
 *       the handler refuses in it goes to the dead-letter queue with its data, as it would have then.</li>
 * </ul>
 */
final class Redriver {

    private static final int MAX_EMPTY_READS = 5;

    /** Whether a message can leave the queue, and why not. */
    record Outcome(boolean redriven, String why) {
        static final Outcome DONE = new Outcome(true, "stored");

        static Outcome kept(String why) {
            return new Outcome(false, why);
        }
    }

    private final RequestHandler<KinesisEvent, StreamsEventResponse> handler;
    private final List<DeadLetter> refusedAgain;
    private final DeadLetterSink queue;
    private final KinesisClient kinesis;
    private final String region;

    /**
     * @param handler      the Lambda's handler, sending its dead letters to {@code refusedAgain}
     * @param refusedAgain what the handler refused while redriving (filled by the handler's sink)
     * @param queue        the dead-letter queue itself, for what an on-failure range turns out to hold
     * @param kinesis      reads on-failure ranges back from the stream
     */
    Redriver(
            RequestHandler<KinesisEvent, StreamsEventResponse> handler,
            List<DeadLetter> refusedAgain,
            DeadLetterSink queue,
            KinesisClient kinesis,
            String region) {
        this.handler = handler;
        this.refusedAgain = refusedAgain;
        this.queue = queue;
        this.kinesis = kinesis;
        this.region = region;
    }

    Outcome redrive(DeadLetterEntry entry) {
        if (entry.kind() == DeadLetterEntry.Kind.UNREADABLE) {
            return Outcome.kept("not a dead letter of this project");
        }
        List<Record> records;
        if (entry.data() != null) {
            records = List.of(Record.builder()
                    .data(SdkBytes.fromByteArray(entry.data()))
                    .partitionKey(entry.partitionKey())
                    .sequenceNumber(entry.firstSequence())
                    .approximateArrivalTimestamp(entry.time())
                    .build());
        } else {
            try {
                records = readRange(entry);
            } catch (SdkException e) {
                return Outcome.kept("cannot read it back from the stream: " + e.getMessage());
            }
            if (records.isEmpty() || !records.get(0).sequenceNumber().equals(entry.firstSequence())) {
                return Outcome.kept("no longer in the stream (past its retention?)");
            }
        }
        refusedAgain.clear();
        KinesisEvent event = KinesisEvents.of(
                records,
                entry.shardId() == null ? "shardId-unknown" : entry.shardId(),
                new KinesisEvents.Source(entry.streamArn(), region, "arn:aws:iam::000000000000:role/redrive"));
        StreamsEventResponse response = handler.handleRequest(event, null);
        if (!response.getBatchItemFailures().isEmpty()) {
            return Outcome.kept("the trades table did not take it yet (see the log above)");
        }
        if (entry.kind() == DeadLetterEntry.Kind.DEAD_LETTER) {
            return refusedAgain.isEmpty()
                    ? Outcome.DONE
                    : Outcome.kept(
                            "still refused: " + refusedAgain.get(0).reasons().get(0));
        }
        for (DeadLetter letter : refusedAgain) {
            try {
                queue.send(letter);
            } catch (DeadLetterSink.DeadLetterException e) {
                return Outcome.kept("its refused trades could not be dead-lettered: " + e.getMessage());
            }
        }
        return Outcome.DONE;
    }

    /** The records from the first to the last sequence number of the range, in stream order. */
    private List<Record> readRange(DeadLetterEntry entry) {
        if (kinesis == null || entry.shardId() == null || entry.streamName() == null) {
            throw new IllegalStateException("no stream to read the range from");
        }
        BigInteger last = new BigInteger(entry.lastSequence());
        String iterator = kinesis.getShardIterator(b -> b.streamName(entry.streamName())
                        .shardId(entry.shardId())
                        .shardIteratorType(ShardIteratorType.AT_SEQUENCE_NUMBER)
                        .startingSequenceNumber(entry.firstSequence()))
                .shardIterator();
        List<Record> records = new ArrayList<>();
        int emptyReads = 0;
        while (iterator != null && emptyReads < MAX_EMPTY_READS) {
            String current = iterator;
            GetRecordsResponse response =
                    kinesis.getRecords(b -> b.shardIterator(current).limit(1_000));
            for (Record record : response.records()) {
                if (new BigInteger(record.sequenceNumber()).compareTo(last) > 0) {
                    return records;
                }
                records.add(record);
            }
            emptyReads = response.records().isEmpty() ? emptyReads + 1 : 0;
            if (response.millisBehindLatest() != null
                    && response.millisBehindLatest() == 0
                    && response.records().isEmpty()) {
                break;
            }
            iterator = response.nextShardIterator();
        }
        return records;
    }
}
