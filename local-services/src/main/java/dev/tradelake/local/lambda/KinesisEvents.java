package dev.tradelake.local.lambda;

import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import software.amazon.awssdk.services.kinesis.model.Record;

/**
 * Builds the {@link KinesisEvent} Lambda would pass for a batch of records of one shard:
 * <pre>
 * {"Records":[{"kinesis":{"kinesisSchemaVersion":"1.0","partitionKey":"SPY",
 *     "sequenceNumber":"4959...","data":"eyJ2Ijox...","approximateArrivalTimestamp":1700000000.123},
 *   "eventSource":"aws:kinesis","eventVersion":"1.0","eventID":"shardId-000000000000:4959...",
 *   "eventName":"aws:kinesis:record","invokeIdentityArn":"arn:aws:iam::000000000000:role/...",
 *   "awsRegion":"us-east-1","eventSourceARN":"arn:aws:kinesis:us-east-1:000000000000:stream/trades"}]}
 * </pre>
 */
public final class KinesisEvents {

    static final String EVENT_SOURCE = "aws:kinesis";
    static final String EVENT_NAME = "aws:kinesis:record";
    static final String EVENT_VERSION = "1.0";
    static final String SCHEMA_VERSION = "1.0";

    private KinesisEvents() {}

    /** Where the records come from and who reads them: the same for every batch of a mapping. */
    public record Source(String streamArn, String region, String invokeIdentityArn) {}

    public static KinesisEvent of(List<Record> records, String shardId, Source source) {
        List<KinesisEvent.KinesisEventRecord> eventRecords = new ArrayList<>(records.size());
        for (Record record : records) {
            KinesisEvent.Record kinesis = new KinesisEvent.Record();
            kinesis.setKinesisSchemaVersion(SCHEMA_VERSION);
            kinesis.setPartitionKey(record.partitionKey());
            kinesis.setSequenceNumber(record.sequenceNumber());
            // a writable heap buffer of its own, as the Lambda runtime's deserializer gives
            kinesis.setData(ByteBuffer.wrap(record.data().asByteArray()));
            if (record.approximateArrivalTimestamp() != null) {
                kinesis.setApproximateArrivalTimestamp(Date.from(record.approximateArrivalTimestamp()));
            }
            if (record.encryptionType() != null) {
                kinesis.setEncryptionType(record.encryptionTypeAsString());
            }
            KinesisEvent.KinesisEventRecord eventRecord = new KinesisEvent.KinesisEventRecord();
            eventRecord.setKinesis(kinesis);
            eventRecord.setEventSource(EVENT_SOURCE);
            eventRecord.setEventVersion(EVENT_VERSION);
            eventRecord.setEventID(shardId + ":" + record.sequenceNumber());
            eventRecord.setEventName(EVENT_NAME);
            eventRecord.setInvokeIdentityArn(source.invokeIdentityArn());
            eventRecord.setAwsRegion(source.region());
            eventRecord.setEventSourceARN(source.streamArn());
            eventRecords.add(eventRecord);
        }
        KinesisEvent event = new KinesisEvent();
        event.setRecords(eventRecords);
        return event;
    }
}
