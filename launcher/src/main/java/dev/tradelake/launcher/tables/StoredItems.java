package dev.tradelake.launcher.tables;

import dev.tradelake.model.Bar;
import dev.tradelake.model.BarsTable;
import dev.tradelake.model.Decimals;
import dev.tradelake.model.TradeId;
import dev.tradelake.model.TradesTable;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Reads items of the trades and bars tables back into the model (the writers are the Lambda and the Flink job). */
public final class StoredItems {

    private StoredItems() {}

    /** A trade as stored, with the times the pipeline stamped on it. */
    public record StoredTrade(
            TradeId id, BigDecimal price, BigDecimal volume, List<String> conditions, long ingestMs, long storedMs) {}

    public static StoredTrade trade(Map<String, AttributeValue> item) {
        // items written before the key sharding have no ticker, and the plain symbol as partition key
        AttributeValue symbol = item.getOrDefault(TradesTable.SYMBOL, item.get(TradesTable.PARTITION_KEY));
        TradeId id =
                TradeId.fromSortKey(symbol.s(), item.get(TradesTable.SORT_KEY).s());
        AttributeValue conditions = item.get(TradesTable.CONDITIONS);
        return new StoredTrade(
                id,
                decimal(item, TradesTable.PRICE),
                decimal(item, TradesTable.VOLUME),
                conditions == null
                        ? List.of()
                        : conditions.l().stream().map(AttributeValue::s).toList(),
                (long) number(item, TradesTable.INGEST_MS),
                (long) number(item, TradesTable.STORED_MS));
    }

    public static Bar bar(Map<String, AttributeValue> item) {
        return new Bar(
                item.get(BarsTable.SYMBOL).s(),
                (long) number(item, BarsTable.WINDOW_MS),
                Long.parseLong(item.get(BarsTable.SORT_KEY).n()),
                decimal(item, BarsTable.OPEN),
                decimal(item, BarsTable.HIGH),
                decimal(item, BarsTable.LOW),
                decimal(item, BarsTable.CLOSE),
                decimal(item, BarsTable.VOLUME),
                decimal(item, BarsTable.TURNOVER),
                (long) number(item, BarsTable.TRADES),
                item.containsKey(BarsTable.FINAL)
                        && Boolean.TRUE.equals(item.get(BarsTable.FINAL).bool()));
    }

    private static BigDecimal decimal(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null || value.n() == null ? BigDecimal.ZERO : Decimals.canonical(new BigDecimal(value.n()));
    }

    private static double number(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null || value.n() == null ? 0 : Double.parseDouble(value.n());
    }
}
