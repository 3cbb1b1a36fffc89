package dev.tradelake.lambda;

import dev.tradelake.model.Decimals;
import dev.tradelake.model.Trade;
import dev.tradelake.model.TradeId;
import dev.tradelake.model.TradesTable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One trade as one item of the trades table (attribute names from {@link TradesTable}).
 *
 * <p>Every attribute but {@code stored_ms} is a function of the trade alone, so writing the same
 * trade twice leaves the same item; {@code expires_at} counts from the ingest time (not the write
 * time) for the same reason.
 */
public final class TradeItems {

    private static final long SECONDS_PER_DAY = 86_400;

    private TradeItems() {}

    /** The primary key of a trade's item: the symbol's shard ({@link TradesTable#partitionKey}) and the sort key. */
    public record Key(String partitionKey, String sortKey) {
        public static Key of(Trade trade) {
            TradeId id = trade.id();
            return new Key(TradesTable.partitionKey(id), id.sortKey());
        }

        /** Reads the key back from an item (e.g. one DynamoDB returned as unprocessed). */
        public static Key of(Map<String, AttributeValue> item) {
            return new Key(
                    item.get(TradesTable.PARTITION_KEY).s(),
                    item.get(TradesTable.SORT_KEY).s());
        }
    }

    public static Map<String, AttributeValue> item(Trade trade, long storedMs, int ttlDays) {
        TradeId id = trade.id();
        Map<String, AttributeValue> item = new HashMap<>(16);
        item.put(TradesTable.PARTITION_KEY, AttributeValue.fromS(TradesTable.partitionKey(id)));
        item.put(TradesTable.SORT_KEY, AttributeValue.fromS(id.sortKey()));
        item.put(TradesTable.TRADE_ID, AttributeValue.fromS(id.toString()));
        item.put(TradesTable.TIME, AttributeValue.fromN(Long.toString(trade.timeMs())));
        item.put(TradesTable.PRICE, AttributeValue.fromN(Decimals.text(trade.price())));
        item.put(TradesTable.VOLUME, AttributeValue.fromN(Decimals.text(trade.volume())));
        List<AttributeValue> conditions = new ArrayList<>(trade.conditions().size());
        for (String c : trade.conditions()) {
            conditions.add(AttributeValue.fromS(c));
        }
        item.put(TradesTable.CONDITIONS, AttributeValue.fromL(conditions));
        item.put(TradesTable.INGEST_MS, AttributeValue.fromN(Long.toString(trade.ingestMs())));
        item.put(TradesTable.STORED_MS, AttributeValue.fromN(Long.toString(storedMs)));
        if (ttlDays > 0) {
            long expiresAt = Math.floorDiv(trade.ingestMs(), 1000) + ttlDays * SECONDS_PER_DAY;
            item.put(TradesTable.EXPIRES_AT, AttributeValue.fromN(Long.toString(expiresAt)));
        }
        item.put(TradesTable.SYMBOL, AttributeValue.fromS(trade.symbol()));
        return item;
    }

    /**
     * An item's size as DynamoDB counts it against its 400 KB limit: each attribute's name in UTF-8
     * bytes plus its value (strings in UTF-8 bytes, numbers up to 21 bytes, lists and maps 3 bytes
     * plus 1 per element). Numbers are counted at their upper bound, so the result never undercounts.
     */
    public static long itemBytes(Map<String, AttributeValue> item) {
        long bytes = 0;
        for (Map.Entry<String, AttributeValue> attribute : item.entrySet()) {
            bytes += utf8Length(attribute.getKey()) + valueBytes(attribute.getValue());
        }
        return bytes;
    }

    private static long valueBytes(AttributeValue value) {
        if (value.s() != null) {
            return utf8Length(value.s());
        }
        if (value.n() != null) {
            return Math.min(21, value.n().length() / 2 + 2);
        }
        if (value.b() != null) {
            return value.b().asByteArrayUnsafe().length;
        }
        if (value.hasL()) {
            long bytes = 3;
            for (AttributeValue element : value.l()) {
                bytes += 1 + valueBytes(element);
            }
            return bytes;
        }
        if (value.hasM()) {
            return 3 + value.m().size() + itemBytes(value.m());
        }
        if (value.hasSs()) {
            return value.ss().stream().mapToLong(TradeItems::utf8Length).sum();
        }
        if (value.hasNs()) {
            return 21L * value.ns().size();
        }
        return 1; // BOOL, NULL
    }

    private static long utf8Length(CharSequence text) {
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c)
                    && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
