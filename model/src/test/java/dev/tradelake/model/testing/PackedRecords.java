package dev.tradelake.model.testing;

import dev.tradelake.model.Trade;
import dev.tradelake.model.TradeRecordFormat;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Trades packed into Kinesis records as the ingest packs them, for tests and benchmarks that feed
 * a stream, a Lambda or a job without running the ingest: one buffer per symbol, a record when a
 * buffer is full, and every buffer emptied after each {@code flushEvery} trades (the ingest empties
 * a buffer after its linger time; at replay speed that is a number of trades) and at the end. A
 * symbol's trades stay in order; records of different symbols interleave, as in the stream.
 */
public final class PackedRecords {

    /** One Kinesis record: the symbol (its partition key) and its trades. */
    public record Packed(String symbol, List<Trade> trades) {
        /** The record's data in {@link TradeRecordFormat}. */
        public byte[] data() {
            return TradeRecordFormat.encode(trades);
        }
    }

    private PackedRecords() {}

    /** {@link #perSymbol(List, int, int)} without a flush before the end. */
    public static List<Packed> perSymbol(List<Trade> trades, int perRecord) {
        return perSymbol(trades, perRecord, Integer.MAX_VALUE);
    }

    /** The records, in the order the ingest would close them. */
    public static List<Packed> perSymbol(List<Trade> trades, int perRecord, int flushEvery) {
        if (perRecord < 1 || perRecord > TradeRecordFormat.MAX_TRADES || flushEvery < 1) {
            throw new IllegalArgumentException("perRecord " + perRecord + ", flushEvery " + flushEvery);
        }
        List<Packed> records = new ArrayList<>(trades.size() / perRecord + 16);
        Map<String, List<Trade>> buffers = new LinkedHashMap<>();
        int sinceFlush = 0;
        for (Trade t : trades) {
            List<Trade> buffer = buffers.computeIfAbsent(t.symbol(), s -> new ArrayList<>());
            buffer.add(t);
            if (buffer.size() == perRecord) {
                records.add(new Packed(t.symbol(), List.copyOf(buffer)));
                buffer.clear();
            }
            if (++sinceFlush == flushEvery) {
                flush(buffers, records);
                sinceFlush = 0;
            }
        }
        flush(buffers, records);
        return records;
    }

    /**
     * Runs of consecutive trades of one symbol, at most {@code perRecord} to a record: records in
     * trade order, as a replay of a sorted recording would write them.
     */
    public static List<Packed> runs(List<Trade> trades, int perRecord) {
        if (perRecord < 1 || perRecord > TradeRecordFormat.MAX_TRADES) {
            throw new IllegalArgumentException("perRecord " + perRecord);
        }
        List<Packed> records = new ArrayList<>(trades.size() / 4 + 1);
        int start = 0;
        for (int i = 1; i <= trades.size(); i++) {
            if (i == trades.size()
                    || i - start == perRecord
                    || !trades.get(i).symbol().equals(trades.get(start).symbol())) {
                records.add(new Packed(trades.get(start).symbol(), List.copyOf(trades.subList(start, i))));
                start = i;
            }
        }
        return records;
    }

    /** Only the records' data, for sources that take bytes. */
    public static List<byte[]> data(List<Packed> records) {
        List<byte[]> data = new ArrayList<>(records.size());
        for (Packed p : records) {
            data.add(p.data());
        }
        return data;
    }

    private static void flush(Map<String, List<Trade>> buffers, List<Packed> records) {
        buffers.forEach((symbol, buffer) -> {
            if (!buffer.isEmpty()) {
                records.add(new Packed(symbol, List.copyOf(buffer)));
                buffer.clear();
            }
        });
    }
}
