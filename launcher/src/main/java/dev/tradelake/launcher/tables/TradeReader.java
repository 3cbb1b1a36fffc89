package dev.tradelake.launcher.tables;

import dev.tradelake.model.TradeId;
import dev.tradelake.model.TradesTable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * Trades of one symbol from the trades table, in exact time then seq order: every read is one
 * Query per partition key of {@link TradesTable#partitionKeys(String)} (a symbol's trades are
 * spread over several), merged by sort key. Everything that reads trades by symbol reads them here.
 */
public final class TradeReader {

    /** DynamoDB reads up to 1 MB per page; a page near the rows wanted keeps a small read small. */
    private static final int MAX_PAGE = 1_000;

    private final DynamoDbClient dynamo;
    private final String table;

    public TradeReader(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /** Trades of {@code symbol} between two times (both included), in time then seq order, at most {@code limit}. */
    public List<StoredItems.StoredTrade> between(String symbol, long fromMs, long toMs, int limit) {
        return merged(symbol, range(fromMs, toMs), true, limit);
    }

    /** The last {@code limit} trades of {@code symbol} between two times (both included), newest first. */
    public List<StoredItems.StoredTrade> newestBetween(String symbol, long fromMs, long toMs, int limit) {
        return merged(symbol, range(fromMs, toMs), false, limit);
    }

    /** Trades of {@code symbol} at or after {@code fromMs}, oldest first, at most {@code limit}. */
    public List<StoredItems.StoredTrade> from(String symbol, long fromMs, int limit) {
        return merged(
                symbol,
                new SortKeyCondition(
                        "#sk >= :from", Map.of(":from", AttributeValue.fromS(TradeId.sortKeyFloor(fromMs)))),
                true,
                limit);
    }

    /** Trades of {@code symbol} after the one with sort key {@code afterSortKey}, oldest first, at most {@code limit}. */
    public List<StoredItems.StoredTrade> after(String symbol, String afterSortKey, int limit) {
        return merged(
                symbol,
                new SortKeyCondition("#sk > :after", Map.of(":after", AttributeValue.fromS(afterSortKey))),
                true,
                limit);
    }

    /** The last trade of {@code symbol} at or before {@code timeMs}: the newest of each key's newest. */
    public Optional<StoredItems.StoredTrade> lastAtOrBefore(String symbol, long timeMs) {
        return merged(symbol, range(0, timeMs), false, 1).stream().findFirst();
    }

    private record SortKeyCondition(String expression, Map<String, AttributeValue> values) {}

    private static SortKeyCondition range(long fromMs, long toMs) {
        return new SortKeyCondition(
                "#sk BETWEEN :from AND :to",
                Map.of(
                        ":from", AttributeValue.fromS(TradeId.sortKeyFloor(fromMs)),
                        ":to", AttributeValue.fromS(TradeId.sortKeyCeiling(toMs))));
    }

    /** A k-way merge of the keys' Query results, each already in sort-key order; pages are read as the merge needs them. */
    private List<StoredItems.StoredTrade> merged(
            String symbol, SortKeyCondition condition, boolean forward, int limit) {
        List<StoredItems.StoredTrade> trades = new ArrayList<>();
        if (limit <= 0) {
            return trades;
        }
        Comparator<Head> bySortKey = Comparator.comparing(Head::sortKey);
        PriorityQueue<Head> heads = new PriorityQueue<>(forward ? bySortKey : bySortKey.reversed());
        for (String key : TradesTable.partitionKeys(symbol)) {
            Map<String, AttributeValue> values = new HashMap<>(condition.values());
            values.put(":pk", AttributeValue.fromS(key));
            QueryRequest request = QueryRequest.builder()
                    .tableName(table)
                    .keyConditionExpression("#pk = :pk AND " + condition.expression())
                    .expressionAttributeNames(Map.of("#pk", TradesTable.PARTITION_KEY, "#sk", TradesTable.SORT_KEY))
                    .expressionAttributeValues(values)
                    .scanIndexForward(forward)
                    .limit(Math.min(limit, MAX_PAGE))
                    .build();
            Head.next(dynamo.queryPaginator(request).items().iterator(), heads);
        }
        String last = null;
        while (trades.size() < limit && !heads.isEmpty()) {
            Head head = heads.poll();
            // one sort key of one symbol is one trade: twice only if a retry straddled a change of the shard count
            if (!head.sortKey().equals(last)) {
                trades.add(StoredItems.trade(head.item()));
                last = head.sortKey();
            }
            Head.next(head.rest(), heads);
        }
        return trades;
    }

    /** The next item of one key's results, and the rest of them. */
    private record Head(Map<String, AttributeValue> item, Iterator<Map<String, AttributeValue>> rest) {
        String sortKey() {
            return item.get(TradesTable.SORT_KEY).s();
        }

        static void next(Iterator<Map<String, AttributeValue>> items, PriorityQueue<Head> heads) {
            if (items.hasNext()) {
                heads.add(new Head(items.next(), items));
            }
        }
    }
}
