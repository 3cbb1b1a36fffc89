package dev.tradelake.launcher;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.tradelake.model.Bar;
import dev.tradelake.model.BarsTable;
import dev.tradelake.model.TradeId;
import dev.tradelake.model.TradesTable;
import dev.tradelake.model.WindowSizes;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/** {@code ./datalake query trades|bars SYMBOL --from T --to T}: one DynamoDB Query each. */
@Command(name = "query", mixinStandardHelpOptions = true,
        description = "Query the trades or bars table, locally or on AWS.",
        subcommands = {QueryCommand.Trades.class, QueryCommand.Bars.class})
final class QueryCommand implements Runnable {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** What every query takes. */
    static final class Range {
        @Parameters(index = "0", paramLabel = "SYMBOL", description = "The symbol, as the feed names it (SPY, BINANCE:BTCUSDT).")
        String symbol;

        @Option(names = "--from", paramLabel = "TIME", converter = TimeArgument.class, defaultValue = "0",
                description = "Start, inclusive: epoch ms or ISO 8601 (default: the beginning).")
        long from;

        @Option(names = "--to", paramLabel = "TIME", converter = TimeArgument.class, defaultValue = "253402300799999",
                description = "End, inclusive: epoch ms or ISO 8601 (default: the end of time).")
        long to;

        @Option(names = "--limit", defaultValue = "1000", description = "At most this many rows (default: ${DEFAULT-VALUE}).")
        int limit;

        @Option(names = "--json", description = "JSON lines instead of a table.")
        boolean json;
    }

    @Command(name = "trades", mixinStandardHelpOptions = true, description = "Trades of SYMBOL between two times.")
    static final class Trades implements Callable<Integer> {
        @Mixin
        Range range;
        @Mixin
        AwsTarget target;
        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            try (AwsTarget.Connection aws = target.connect()) {
                QueryRequest request = QueryRequest.builder()
                        .tableName(aws.tradesTable())
                        .keyConditionExpression("#pk = :s AND #sk BETWEEN :from AND :to")
                        .expressionAttributeNames(Map.of("#pk", TradesTable.PARTITION_KEY, "#sk", TradesTable.SORT_KEY))
                        .expressionAttributeValues(Map.of(
                                ":s", AttributeValue.fromS(range.symbol),
                                ":from", AttributeValue.fromS(TradeId.sortKeyFloor(range.from)),
                                ":to", AttributeValue.fromS(TradeId.sortKeyCeiling(range.to))))
                        .build();
                List<StoredItems.StoredTrade> trades = query(aws.dynamoDb(), request, range.limit)
                        .stream().map(StoredItems::trade).toList();
                PrintWriter out = spec.commandLine().getOut();
                if (range.json) {
                    for (StoredItems.StoredTrade t : trades) {
                        out.println(Json.line(g -> {
                            g.writeStringField("symbol", t.id().symbol());
                            g.writeNumberField("t", t.id().timeMs());
                            g.writeNumberField("seq", t.id().seq());
                            g.writeNumberField("price", t.price());
                            g.writeNumberField("volume", t.volume());
                            writeStrings(g, "conditions", t.conditions());
                            g.writeStringField("id", t.id().toString());
                        }));
                    }
                } else {
                    TextTable table = new TextTable("time (UTC)", "price", "volume", "conditions", "id");
                    for (StoredItems.StoredTrade t : trades) {
                        table.row(TimeArgument.format(t.id().timeMs()), Numbers.plain(t.price()),
                                Numbers.plain(t.volume()), String.join(" ", t.conditions()), t.id().toString());
                    }
                    table.print(out, trades.size() + " trades of " + range.symbol);
                }
                out.flush();
            }
            return 0;
        }
    }

    @Command(name = "bars", mixinStandardHelpOptions = true, description = "Bars of SYMBOL whose window starts between two times.")
    static final class Bars implements Callable<Integer> {
        @Mixin
        Range range;
        @Mixin
        AwsTarget target;
        @Option(names = "--window", defaultValue = "1m", description = "Window size: 1s, 1m, 5m, ... (default: ${DEFAULT-VALUE}).")
        String window;
        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            long windowMs;
            try {
                windowMs = WindowSizes.parseMs(window);
            } catch (IllegalArgumentException e) {
                throw new Datalake.UserError(e.getMessage());
            }
            try (AwsTarget.Connection aws = target.connect()) {
                QueryRequest request = QueryRequest.builder()
                        .tableName(aws.barsTable())
                        .keyConditionExpression("#pk = :series AND #sk BETWEEN :from AND :to")
                        .expressionAttributeNames(Map.of("#pk", BarsTable.PARTITION_KEY, "#sk", BarsTable.SORT_KEY))
                        .expressionAttributeValues(Map.of(
                                ":series", AttributeValue.fromS(BarsTable.series(range.symbol, windowMs)),
                                ":from", AttributeValue.fromN(Long.toString(range.from)),
                                ":to", AttributeValue.fromN(Long.toString(range.to))))
                        .build();
                List<Bar> bars = query(aws.dynamoDb(), request, range.limit).stream().map(StoredItems::bar).toList();
                PrintWriter out = spec.commandLine().getOut();
                if (range.json) {
                    for (Bar b : bars) {
                        out.println(Json.line(g -> Json.writeBarFields(g, b)));
                    }
                } else {
                    TextTable table = new TextTable("window start (UTC)", "open", "high", "low", "close", "volume", "vwap", "trades");
                    for (Bar b : bars) {
                        table.row(TimeArgument.format(b.windowStartMs()), Numbers.plain(b.open()), Numbers.plain(b.high()),
                                Numbers.plain(b.low()), Numbers.plain(b.close()), Numbers.plain(b.volume()),
                                b.vwap().isPresent() ? Numbers.vwap(b.vwap().get()) : "",
                                Long.toString(b.trades()));
                    }
                    table.print(out, bars.size() + " " + WindowSizes.label(windowMs) + " bars of " + range.symbol);
                }
                out.flush();
            }
            return 0;
        }
    }

    private static List<Map<String, AttributeValue>> query(DynamoDbClient dynamo, QueryRequest request, int limit) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        for (Map<String, AttributeValue> item : dynamo.queryPaginator(request).items()) {
            if (items.size() >= limit) {
                break;
            }
            items.add(item);
        }
        return items;
    }

    private static void writeStrings(JsonGenerator g, String field, List<String> values) throws IOException {
        g.writeArrayFieldStart(field);
        for (String v : values) {
            g.writeString(v);
        }
        g.writeEndArray();
    }
}
