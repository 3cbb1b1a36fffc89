package dev.tradelake.launcher.dashboard;

import dev.tradelake.launcher.tables.StoredItems;
import dev.tradelake.launcher.tables.StoredItems.StoredTrade;
import dev.tradelake.launcher.tables.TradeReader;
import dev.tradelake.model.Bar;
import dev.tradelake.model.BarsTable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/** The lake as DynamoDB holds it: bars by one Query per read, trades through {@link TradeReader}. */
public final class DynamoLake implements Lake {

    /** How long a list of symbols is reused: finding them takes a Scan of the bars table's keys. */
    private static final long SYMBOLS_TTL_MS = 10_000;

    private final DynamoDbClient dynamo;
    private final TradeReader trades;
    private final String barsTable;
    private final Supplier<List<String>> knownSymbols;
    private List<String> symbols = List.of();
    private long symbolsReadMs = -SYMBOLS_TTL_MS;

    /**
     * @param knownSymbols symbols known without reading the tables (those a running pipeline
     *                     subscribed to), shown even before their first bar is stored
     */
    public DynamoLake(
            DynamoDbClient dynamo, String tradesTable, String barsTable, Supplier<List<String>> knownSymbols) {
        this.dynamo = dynamo;
        this.trades = new TradeReader(dynamo, tradesTable);
        this.barsTable = barsTable;
        this.knownSymbols = knownSymbols;
    }

    @Override
    public synchronized List<String> symbols() {
        long now = System.currentTimeMillis();
        if (now - symbolsReadMs >= SYMBOLS_TTL_MS) {
            TreeSet<String> found = new TreeSet<>(knownSymbols.get());
            // DynamoDB cannot list partition keys; a projected Scan reads one small attribute per bar.
            dynamo.scanPaginator(b -> b.tableName(barsTable)
                            .projectionExpression("#s")
                            .expressionAttributeNames(Map.of("#s", BarsTable.SYMBOL)))
                    .items()
                    .forEach(item -> {
                        AttributeValue symbol = item.get(BarsTable.SYMBOL);
                        if (symbol != null && symbol.s() != null) {
                            found.add(symbol.s());
                        }
                    });
            symbols = List.copyOf(found);
            symbolsReadMs = now;
        }
        return symbols;
    }

    @Override
    public List<Bar> bars1m(String symbol, long fromMs, long toMs, int limit) {
        QueryRequest request = QueryRequest.builder()
                .tableName(barsTable)
                .keyConditionExpression("#pk = :series AND #sk BETWEEN :from AND :to")
                .expressionAttributeNames(Map.of("#pk", BarsTable.PARTITION_KEY, "#sk", BarsTable.SORT_KEY))
                .expressionAttributeValues(Map.of(
                        ":series", AttributeValue.fromS(BarsTable.series(symbol, ChartWindows.STORED_MS)),
                        ":from", AttributeValue.fromN(Long.toString(Math.max(0, fromMs))),
                        ":to", AttributeValue.fromN(Long.toString(Math.max(0, toMs)))))
                .scanIndexForward(false)
                .build();
        return oldestFirst(query(request, limit, StoredItems::bar));
    }

    @Override
    public List<StoredTrade> latestTrades(String symbol, long fromMs, long toMs, int limit) {
        return oldestFirst(trades.newestBetween(symbol, fromMs, toMs, limit));
    }

    @Override
    public List<StoredTrade> tradesFrom(String symbol, long fromMs, int limit) {
        return trades.from(symbol, fromMs, limit);
    }

    @Override
    public List<StoredTrade> tradesAfter(String symbol, String afterSortKey, int limit) {
        return trades.after(symbol, afterSortKey, limit);
    }

    private <T> List<T> query(QueryRequest request, int limit, Function<Map<String, AttributeValue>, T> mapper) {
        List<T> rows = new ArrayList<>();
        if (limit <= 0) {
            return rows;
        }
        // A page size near the limit: DynamoDB would otherwise read up to 1 MB for a handful of rows.
        QueryRequest paged = request.toBuilder().limit(Math.min(limit, 1_000)).build();
        for (Map<String, AttributeValue> item : dynamo.queryPaginator(paged).items()) {
            rows.add(mapper.apply(item));
            if (rows.size() >= limit) {
                break;
            }
        }
        return rows;
    }

    private static <T> List<T> oldestFirst(List<T> newestFirst) {
        List<T> rows = new ArrayList<>(newestFirst);
        Collections.reverse(rows);
        return rows;
    }
}
