package dev.tradelake.lambda.testing;

import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import dev.tradelake.model.Trade;
import dev.tradelake.model.testing.PackedRecords;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;

/** Trades as the Lambda receives them, for tests and the Lambda benchmark. */
public final class KinesisBatches {

    private KinesisBatches() {}

    /**
     * Kinesis events as the event source mapping would deliver them: trades packed as the ingest packs
     * them ({@link PackedRecords#perSymbol}), {@code recordsPerBatch} records to an event.
     */
    public static List<KinesisEvent> events(List<Trade> trades, int tradesPerRecord, int recordsPerBatch) {
        List<PackedRecords.Packed> records = PackedRecords.perSymbol(trades, tradesPerRecord);
        List<KinesisEvent> events = new ArrayList<>();
        for (int from = 0; from < records.size(); from += recordsPerBatch) {
            List<KinesisEvent.KinesisEventRecord> batch = new ArrayList<>();
            for (int i = from; i < Math.min(records.size(), from + recordsPerBatch); i++) {
                String sequenceNumber = String.format(Locale.ROOT, "4968%052d", i);
                KinesisEvent.Record kinesis = new KinesisEvent.Record();
                kinesis.setKinesisSchemaVersion("1.0");
                kinesis.setPartitionKey(records.get(i).symbol());
                kinesis.setSequenceNumber(sequenceNumber);
                kinesis.setData(ByteBuffer.wrap(records.get(i).data()));
                kinesis.setApproximateArrivalTimestamp(new Date());
                KinesisEvent.KinesisEventRecord record = new KinesisEvent.KinesisEventRecord();
                record.setKinesis(kinesis);
                record.setEventSource("aws:kinesis");
                record.setEventVersion("1.0");
                record.setEventName("aws:kinesis:record");
                record.setEventID("shardId-000000000000:" + sequenceNumber);
                record.setEventSourceARN("arn:aws:kinesis:us-east-1:000000000000:stream/bench");
                record.setAwsRegion("us-east-1");
                batch.add(record);
            }
            KinesisEvent event = new KinesisEvent();
            event.setRecords(batch);
            events.add(event);
        }
        return events;
    }
}
