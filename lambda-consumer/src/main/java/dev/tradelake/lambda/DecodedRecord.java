package dev.tradelake.lambda;

import com.amazonaws.services.lambda.runtime.events.KinesisEvent.KinesisEventRecord;
import dev.tradelake.model.RejectReason;
import dev.tradelake.model.Rejection;
import dev.tradelake.model.Trade;
import dev.tradelake.model.TradeRecordFormat;
import java.nio.ByteBuffer;
import java.util.List;

/** One Kinesis record of a batch, read: its trades, or why it cannot be read. */
sealed interface DecodedRecord {

    /** Position of the record in its batch. */
    int index();

    KinesisEventRecord source();

    /** The record's trades; {@code rejectedRows} are rows that broke the rules (their trades are not in the list). */
    record Readable(int index, KinesisEventRecord source, List<Trade> trades, List<Rejection> rejectedRows)
            implements DecodedRecord {}

    /** The record as a whole is not in {@link TradeRecordFormat}: it goes to the dead-letter destination. */
    record Unreadable(int index, KinesisEventRecord source, Rejection reason) implements DecodedRecord {}

    static DecodedRecord decode(int index, KinesisEventRecord record) {
        byte[] data = data(record);
        if (data == null) {
            return new Unreadable(index, record, new Rejection(RejectReason.BAD_RECORD, "record has no data"));
        }
        try {
            TradeRecordFormat.Decoded decoded = TradeRecordFormat.decode(data);
            return new Readable(index, record, decoded.trades(), decoded.rejected());
        } catch (TradeRecordFormat.MalformedRecordException e) {
            return new Unreadable(index, record, e.rejection());
        }
    }

    /** The record's bytes, without moving the event's buffer (it may be read again, e.g. for a dead letter). */
    static byte[] data(KinesisEventRecord record) {
        if (record.getKinesis() == null || record.getKinesis().getData() == null) {
            return null;
        }
        ByteBuffer buffer = record.getKinesis().getData().duplicate();
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }
}
