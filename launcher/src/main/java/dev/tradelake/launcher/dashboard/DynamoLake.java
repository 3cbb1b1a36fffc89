package dev.tradelake.launcher.dashboard;

import dev.tradelake.launcher.tables.BarReader;
import dev.tradelake.launcher.tables.StoredItems.StoredTrade;
import dev.tradelake.launcher.tables.TradeReader;
import dev.tradelake.model.BarPeriods;
import dev.tradelake.model.BarsTable;
import dev.tradelake.model.DecimalBar;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The lake as DynamoDB holds it: bars through {@link BarReader}, as {@code query} reads them; trades through {@link TradeReader}. */
public final class DynamoLake implements Lake {

    /** How long a list of symbols is reused: finding them takes a Scan of the bars table's keys. */
    private static final long SYMBOLS_TTL_MS = 10_000;

    private final DynamoDbClient dynamo;
    private final TradeReader trades;
    private final BarReader bars;
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
        this.bars = new BarReader(dynamo, barsTable, System::currentTimeMillis);
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
    public List<DecimalBar> bars(String symbol, long windowMs, long fromMs, long toMs, int limit) {
        return bars.latest(symbol, new BarPeriods.Fixed(windowMs), fromMs, toMs, limit)
                .bars();
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

    private static <T> List<T> oldestFirst(List<T> newestFirst) {
        List<T> rows = new ArrayList<>(newestFirst);
        Collections.reverse(rows);
        return rows;
    }
}
