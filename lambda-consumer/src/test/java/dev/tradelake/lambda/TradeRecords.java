package dev.tradelake.lambda;

import dev.tradelake.model.FeedTrade;
import dev.tradelake.model.Trade;
import dev.tradelake.model.TradeRecordFormat;
import dev.tradelake.model.TradeSequencer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;

/** Test helper: trades packed into Kinesis records as the ingest packs them, and put on a stream. */
final class TradeRecords {

    private TradeRecords() {}

    /** One Kinesis record: partition key (the symbol) and data. */
    record Packed(String symbol, byte[] data, int trades) {}

    /**
     * Identifies feed trades (in feed order) with {@link TradeSequencer} and packs up to
     * {@code perRecord} consecutive trades of a symbol into a record: a symbol's record is closed when
     * full, the rest at the end. Records follow the order in which they were closed.
     */
    static List<Packed> pack(List<FeedTrade> feed, int perRecord, long ingestMs) {
        TradeSequencer sequencer = new TradeSequencer();
        Map<String, List<Trade>> open = new LinkedHashMap<>();
        List<Packed> records = new ArrayList<>(feed.size() / perRecord + 8);
        for (FeedTrade feedTrade : feed) {
            Trade trade = sequencer.identify(feedTrade, ingestMs);
            List<Trade> buffer = open.computeIfAbsent(trade.symbol(), s -> new ArrayList<>(perRecord));
            buffer.add(trade);
            if (buffer.size() == perRecord) {
                records.add(packed(buffer));
                buffer.clear();
            }
        }
        for (List<Trade> buffer : open.values()) {
            if (!buffer.isEmpty()) {
                records.add(packed(buffer));
            }
        }
        return records;
    }

    static Packed packed(List<Trade> trades) {
        return new Packed(trades.get(0).symbol(), TradeRecordFormat.encode(trades), trades.size());
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
