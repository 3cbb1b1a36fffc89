package dev.tradelake.launcher;

import dev.tradelake.launcher.tables.StoredItems;
import dev.tradelake.model.TradeId;
import dev.tradelake.model.TradesTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/** Trades from the trades table: one Query on the symbol and a sort-key range each. */
public final class TradeReader {

    private final DynamoDbClient dynamo;
    private final String table;

    public TradeReader(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /** Trades of {@code symbol} between two times (both included), in time then seq order, at most {@code limit}. */
    public List<StoredItems.StoredTrade> between(String symbol, long fromMs, long toMs, int limit) {
        List<StoredItems.StoredTrade> trades = new ArrayList<>();
        for (Map<String, AttributeValue> item : dynamo.queryPaginator(range(symbol, fromMs, toMs).build()).items()) {
            if (trades.size() >= limit) {
                break;
            }
            trades.add(StoredItems.trade(item));
        }
        return trades;
    }

    /** The last trade of {@code symbol} at or before {@code timeMs}: the sort key orders by time then seq. */
    public Optional<StoredItems.StoredTrade> lastAtOrBefore(String symbol, long timeMs) {
        List<Map<String, AttributeValue>> items = dynamo.query(range(symbol, 0, timeMs)
                .scanIndexForward(false).limit(1).build()).items();
        return items.stream().findFirst().map(StoredItems::trade);
    }

    private QueryRequest.Builder range(String symbol, long fromMs, long toMs) {
        return QueryRequest.builder()
                .tableName(table)
                .keyConditionExpression("#pk = :s AND #sk BETWEEN :from AND :to")
                .expressionAttributeNames(Map.of("#pk", TradesTable.PARTITION_KEY, "#sk", TradesTable.SORT_KEY))
                .expressionAttributeValues(Map.of(
                        ":s", AttributeValue.fromS(symbol),
                        ":from", AttributeValue.fromS(TradeId.sortKeyFloor(fromMs)),
                        ":to", AttributeValue.fromS(TradeId.sortKeyCeiling(toMs))));
    }
}
