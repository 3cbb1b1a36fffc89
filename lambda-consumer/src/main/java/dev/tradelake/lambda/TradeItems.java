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

    private TradeItems() {
    }

    /** The primary key of a trade's item. */
    public record Key(String symbol, String sortKey) {
        public static Key of(Trade trade) {
            return new Key(trade.symbol(), trade.id().sortKey());
        }

        /** Reads the key back from an item (e.g. one DynamoDB returned as unprocessed). */
        public static Key of(Map<String, AttributeValue> item) {
            return new Key(item.get(TradesTable.PARTITION_KEY).s(), item.get(TradesTable.SORT_KEY).s());
        }
    }

    public static Map<String, AttributeValue> item(Trade trade, long storedMs, int ttlDays) {
        TradeId id = trade.id();
        Map<String, AttributeValue> item = new HashMap<>(16);
        item.put(TradesTable.PARTITION_KEY, AttributeValue.fromS(trade.symbol()));
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
        return item;
    }
}
