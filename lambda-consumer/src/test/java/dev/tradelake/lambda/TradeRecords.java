package dev.tradelake.lambda;

import dev.tradelake.model.FeedTrade;
import dev.tradelake.model.Trade;
import dev.tradelake.model.TradeSequencer;
import dev.tradelake.model.testing.PackedRecords;
import dev.tradelake.model.testing.PackedRecords.Packed;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;

/** Test helper: trades packed into Kinesis records ({@link PackedRecords}) and put on a stream. */
final class TradeRecords {

    private TradeRecords() {}

    /** Identifies feed trades (in feed order) with {@link TradeSequencer} and packs them as the ingest does. */
    static List<Packed> pack(List<FeedTrade> feed, int perRecord, long ingestMs) {
        TradeSequencer sequencer = new TradeSequencer();
        List<Trade> trades = new ArrayList<>(feed.size());
        for (FeedTrade feedTrade : feed) {
            trades.add(sequencer.identify(feedTrade, ingestMs));
        }
        return PackedRecords.perSymbol(trades, perRecord);
    }

    /** PutRecords in calls of 500, retrying entries the stream refused, so that every record is on the stream. */
    static void put(KinesisClient kinesis, String stream, List<Packed> records) {
        for (int from = 0; from < records.size(); from += 500) {
            List<PutRecordsRequestEntry> entries = new ArrayList<>(500);
            for (Packed p : records.subList(from, Math.min(records.size(), from + 500))) {
                entries.add(PutRecordsRequestEntry.builder()
                        .partitionKey(p.symbol())
                        .data(SdkBytes.fromByteArray(p.data()))
                        .build());
            }
            for (int attempt = 0; !entries.isEmpty(); attempt++) {
                if (attempt == 10) {
                    throw new IllegalStateException("kinesis refused records 10 times");
                }
                List<PutRecordsRequestEntry> sent = entries;
                PutRecordsResponse response =
                        kinesis.putRecords(b -> b.streamName(stream).records(sent));
                List<PutRecordsRequestEntry> refused = new ArrayList<>();
                for (int i = 0; i < response.records().size(); i++) {
                    PutRecordsResultEntry result = response.records().get(i);
                    if (result.errorCode() != null) {
                        refused.add(sent.get(i));
                    }
                }
                entries = refused;
            }
        }
    }

    /** Puts raw bytes as one record. */
    static void putRaw(KinesisClient kinesis, String stream, String partitionKey, byte[] data) {
        kinesis.putRecord(b -> b.streamName(stream).partitionKey(partitionKey).data(SdkBytes.fromByteArray(data)));
    }
}
