package dev.tradelake.ingest;

import dev.tradelake.model.Trade;
import dev.tradelake.model.TradeRecordFormat;
import dev.tradelake.model.TradeRules;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Groups a stream of trades into the contents of Kinesis records: one buffer per symbol, handed
 * out as a {@link Pack} when it holds {@code maxTrades} trades or when its oldest trade has waited
 * {@code lingerMs}. A pure state machine: time is passed in, nothing is sent; not thread-safe.
 * Encoding ({@link Pack#encode()}) is left to the writer's thread, off the receiving thread.
 *
 * <p>Several trades per record is what lets one shard (1,000 records/s) carry far more than 1,000
 * trades/s, and one symbol per record is what lets the symbol be the partition key.
 */
final class RecordPacker {

    private final int maxTrades;
    private final long lingerMs;
    private final Map<String, Buffer> bySymbol = new LinkedHashMap<>();
    private int buffered;

    private static final class Buffer {
        List<Trade> trades = new ArrayList<>();
        long[] entries = new long[16];
        long firstAddedMs;
    }

    /**
     * The trades of one symbol for one record (or more, see {@link #encode()}); owns its list.
     * {@code entries[i]} is the journal entry {@code trades[i]} came from, so that an
     * acknowledgement can be checkpointed.
     */
    record Pack(String symbol, List<Trade> trades, long[] entries) implements Outgoing {

        /** A pack whose trades come from no journal entry (tests, benchmarks). */
        Pack(String symbol, List<Trade> trades) {
            this(symbol, trades, new long[trades.size()]);
        }

        @Override
        public List<OutRecord> toRecords() {
            return encode();
        }

        /**
         * The Kinesis record(s) in {@link TradeRecordFormat}. A trade's condition codes are
         * unbounded in the feed, so a full pack could in theory pass Kinesis's 1 MiB record
         * limit: such a pack is split in halves until each part fits.
         */
        List<OutRecord> encode() {
            List<OutRecord> records = new ArrayList<>(1);
            encode(symbol, trades, entries, 0, records);
            return records;
        }

        private static void encode(String symbol, List<Trade> trades, long[] entries, int from, List<OutRecord> out) {
            byte[] data = TradeRecordFormat.encode(trades);
            // A single trade always fits under TradeRules; the writer refuses one that does not.
            if (TradeRules.checkRecordSize(data.length, symbol) == null || trades.size() == 1) {
                out.add(new OutRecord(
                        symbol,
                        data,
                        trades.size(),
                        0,
                        java.util.Arrays.copyOfRange(entries, from, from + trades.size())));
                return;
            }
            int half = trades.size() / 2;
            encode(symbol, trades.subList(0, half), entries, from, out);
            encode(symbol, trades.subList(half, trades.size()), entries, from + half, out);
        }
    }

    RecordPacker(int maxTrades, long lingerMs) {
        if (maxTrades < 1 || maxTrades > TradeRecordFormat.MAX_TRADES) {
            throw new IllegalArgumentException("trades per record must be 1 to " + TradeRecordFormat.MAX_TRADES);
        }
        this.maxTrades = maxTrades;
        this.lingerMs = lingerMs;
    }

    /** Adds a trade received at {@code nowMs}; returns the pack it completed, or null. */
    Pack add(Trade trade, long nowMs) {
        return add(trade, 0, nowMs);
    }

    /** Adds a trade of journal entry {@code entry}; returns the pack it completed, or null. */
    Pack add(Trade trade, long entry, long nowMs) {
        Buffer buffer = bySymbol.computeIfAbsent(trade.symbol(), s -> new Buffer());
        if (buffer.trades.isEmpty()) {
            buffer.firstAddedMs = nowMs;
        }
        if (buffer.trades.size() == buffer.entries.length) {
            buffer.entries = java.util.Arrays.copyOf(buffer.entries, buffer.entries.length * 2);
        }
        buffer.entries[buffer.trades.size()] = entry;
        buffer.trades.add(trade);
        buffered++;
        return buffer.trades.size() >= maxTrades ? take(trade.symbol(), buffer) : null;
    }

    /** The packs of every buffer whose oldest trade has waited at least the linger time. */
    List<Pack> flushDue(long nowMs) {
        List<Pack> packs = List.of();
        for (Map.Entry<String, Buffer> e : bySymbol.entrySet()) {
            Buffer buffer = e.getValue();
            if (!buffer.trades.isEmpty() && nowMs - buffer.firstAddedMs >= lingerMs) {
                if (packs.isEmpty()) {
                    packs = new ArrayList<>();
                }
                packs.add(take(e.getKey(), buffer));
            }
        }
        return packs;
    }

    /** Every buffered trade, whatever its age: for shutdown. */
    List<Pack> flushAll() {
        List<Pack> packs = new ArrayList<>();
        for (Map.Entry<String, Buffer> e : bySymbol.entrySet()) {
            if (!e.getValue().trades.isEmpty()) {
                packs.add(take(e.getKey(), e.getValue()));
            }
        }
        return packs;
    }

    int bufferedTrades() {
        return buffered;
    }

    private Pack take(String symbol, Buffer buffer) {
        Pack pack = new Pack(symbol, buffer.trades, java.util.Arrays.copyOf(buffer.entries, buffer.trades.size()));
        buffered -= buffer.trades.size();
        buffer.trades = new ArrayList<>(Math.min(maxTrades, 2 * pack.trades().size()));
        return pack;
    }
}
