package dev.tradelake.flink;

import dev.tradelake.model.Bar;
import dev.tradelake.model.BarsTable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * A bar as a conditional {@code UpdateItem} of the bars table: it sets every attribute of
 * {@link BarItemConverter#toItem} and adds 1 to {@code revision}, and only lands when it
 * {@link Bar#supersedes} the stored version: that has fewer trades, or as many and is not final
 * yet while this one is.
 *
 * <p>Trades are only ever added to a bar (duplicates are dropped before the windows), so more
 * trades is a fuller version: a re-emission after a restart, a fresh start over part of the
 * stream, or a retry overtaken by a newer write can never replace it with a partial one. The
 * same write sent twice is refused the second time, so retries are harmless.
 */
public final class BarWrites {

    private BarWrites() {}

    public static UpdateItemRequest update(String table, Bar bar, long updatedMs) {
        Map<String, AttributeValue> item = BarItemConverter.toItem(bar, updatedMs);
        Map<String, String> names = new HashMap<>();
        Map<String, AttributeValue> values = new HashMap<>();
        List<String> sets = new ArrayList<>();
        int i = 0;
        for (Map.Entry<String, AttributeValue> e : item.entrySet()) {
            String attribute = e.getKey();
            if (attribute.equals(BarsTable.PARTITION_KEY) || attribute.equals(BarsTable.SORT_KEY)) {
                continue;
            }
            names.put("#a" + i, attribute);
            values.put(":a" + i, e.getValue());
            sets.add("#a" + i + " = :a" + i);
            i++;
        }
        names.put("#pk", BarsTable.PARTITION_KEY);
        names.put("#trades", BarsTable.TRADES);
        names.put("#revision", BarsTable.REVISION);
        values.put(":one", AttributeValue.fromN("1"));
        StringBuilder expression = new StringBuilder("SET ").append(String.join(", ", sets));
        if (!item.containsKey(BarsTable.VWAP)) {
            names.put("#vwap", BarsTable.VWAP);
            expression.append(" REMOVE #vwap");
        }
        expression.append(" ADD #revision :one");
        // the :aN of trades, found by name so the condition compares with what this write sets
        String newTrades = ":a" + indexOf(names, BarsTable.TRADES);
        String condition = "attribute_not_exists(#pk) OR #trades < " + newTrades;
        if (bar.isFinal()) {
            names.put("#final", BarsTable.FINAL);
            values.put(":true", AttributeValue.fromBool(true));
            condition += " OR (#trades = " + newTrades + " AND NOT #final = :true)";
        }
        return UpdateItemRequest.builder()
                .tableName(table)
                .key(Map.of(
                        BarsTable.PARTITION_KEY,
                        item.get(BarsTable.PARTITION_KEY),
                        BarsTable.SORT_KEY,
                        item.get(BarsTable.SORT_KEY)))
                .updateExpression(expression.toString())
                .conditionExpression(condition)
                .expressionAttributeNames(names)
                .expressionAttributeValues(values)
                .build();
    }

    private static String indexOf(Map<String, String> names, String attribute) {
        for (Map.Entry<String, String> e : names.entrySet()) {
            if (e.getValue().equals(attribute) && e.getKey().startsWith("#a")) {
                return e.getKey().substring(2);
            }
        }
        throw new IllegalStateException("no " + attribute + " in the item");
    }
}
