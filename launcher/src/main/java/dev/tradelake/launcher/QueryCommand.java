package dev.tradelake.launcher;

import dev.tradelake.launcher.QueryOutput.Column;
import dev.tradelake.launcher.QueryOutput.Kind;
import dev.tradelake.launcher.tables.BarReader;
import dev.tradelake.launcher.tables.StoredItems;
import dev.tradelake.launcher.tables.TimeArgument;
import dev.tradelake.launcher.tables.TradeReader;
import dev.tradelake.model.BarPeriods;
import dev.tradelake.model.DecimalBar;
import dev.tradelake.model.WindowSizes;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/**
 * {@code ./datalake query trades|bars|asof}: trades between two times, bars of any size built from
 * what is stored, and the last trade at a moment; each a few DynamoDB Queries.
 */
@Command(
        name = "query",
        mixinStandardHelpOptions = true,
        description = "Query the trades or bars table, locally or on AWS.",
        subcommands = {QueryCommand.Trades.class, QueryCommand.Bars.class, QueryCommand.AsOf.class})
final class QueryCommand implements Runnable {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** What the trades and bars queries take. */
    static final class Range {
        @Parameters(
                index = "0",
                paramLabel = "SYMBOL",
                description = "The symbol, as the feed names it (SPY, BINANCE:BTCUSDT).")
        String symbol;

        @Option(
                names = "--from",
                paramLabel = "TIME",
                converter = TimeArgument.class,
                defaultValue = "0",
                description = "Start, inclusive: epoch ms or ISO 8601 (default: the beginning).")
        long from;

        @Option(
                names = "--to",
                paramLabel = "TIME",
                converter = TimeArgument.class,
                defaultValue = "253402300799999",
                description = "End, inclusive: epoch ms or ISO 8601 (default: the end of time).")
        long to;

        @Mixin
        LimitOption limit;
    }

    /** The bar size and the zone whose days {@code 1d} follows. */
    static final class Size {
        @Option(
                names = "--window",
                paramLabel = "SIZE",
                defaultValue = "1m",
                description = "Bar size: a stored size or a multiple of one: 1m, 5m, 15m, 1h, 1d, ..."
                        + " (default: ${DEFAULT-VALUE}).")
        String window;

        @Option(
                names = "--tz",
                paramLabel = "ZONE",
                description = "Days of this time zone for day bars (America/New_York); default: UTC days.")
        String tz;

        BarPeriods periods() {
            ZoneId zone = null;
            if (tz != null) {
                try {
                    zone = ZoneId.of(tz.trim());
                } catch (DateTimeException e) {
                    throw new Datalake.UserError(
                            "--tz '" + tz + "' is not a time zone (America/New_York, UTC, +02:00)");
                }
            }
            try {
                return BarPeriods.of(window, zone);
            } catch (IllegalArgumentException e) {
                throw new Datalake.UserError("--window: " + e.getMessage());
            }
        }
    }

    @Command(name = "trades", mixinStandardHelpOptions = true, description = "Trades of SYMBOL between two times.")
    static final class Trades implements Callable<Integer> {
        @Mixin
        Range range;

        @Mixin
        QueryOutput.FormatOption format;

        @Mixin
        AwsTarget target;

        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            return missingTableIsAUserError(this::query);
        }

        private Integer query() {
            QueryOutput.Format chosen = format.resolve();
            try (AwsTarget.Connection aws = target.connect()) {
                List<StoredItems.StoredTrade> trades = new TradeReader(aws.dynamoDb(), aws.tradesTable())
                        .between(range.symbol, range.from, range.to, range.limit.rows);
                QueryOutput out = new QueryOutput(
                        chosen,
                        spec.commandLine().getOut(),
                        List.of(
                                new Column("symbol", null, Kind.TEXT),
                                new Column("t", "time (UTC)", Kind.TIME),
                                new Column("seq", null, Kind.NUMBER),
                                new Column("price", "price", Kind.NUMBER),
                                new Column("volume", "volume", Kind.NUMBER),
                                new Column("conditions", "conditions", Kind.LIST),
                                new Column("id", "id", Kind.TEXT)));
                for (StoredItems.StoredTrade t : trades) {
                    out.row(
                            t.id().symbol(),
                            t.id().timeMs(),
                            (long) t.id().seq(),
                            t.price(),
                            t.volume(),
                            t.conditions(),
                            t.id().toString());
                }
                out.end(trades.size() + " trades of " + range.symbol);
            }
            return 0;
        }
    }

    @Command(
            name = "bars",
            mixinStandardHelpOptions = true,
            description = {
                "Bars of SYMBOL whose period starts between two times.",
                "Sizes that are not stored are rolled up exactly from a stored size that divides them:",
                "open of the first, close of the last, high, low, volume and trades summed,",
                "VWAP from the summed turnover."
            })
    static final class Bars implements Callable<Integer> {
        @Mixin
        Range range;

        @Mixin
        Size size;

        @Option(
                names = "--fill",
                description = "A bar for every period in the range (up to the last bar without --to);"
                        + " one without trades is marked as such: close carried forward, volume 0, no VWAP.")
        boolean fill;

        @Mixin
        QueryOutput.FormatOption format;

        @Mixin
        AwsTarget target;

        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            return missingTableIsAUserError(this::query);
        }

        private Integer query() {
            QueryOutput.Format chosen = format.resolve();
            BarPeriods periods = size.periods();
            try (AwsTarget.Connection aws = target.connect()) {
                BarReader.Answer answer;
                try {
                    // Without --to, the range is open at its end: filling stops at the last bar, not at today.
                    BarReader.Fill filling = !fill
                            ? BarReader.Fill.NONE
                            : spec.commandLine().getParseResult().hasMatchedOption("--to")
                                    ? BarReader.Fill.WHOLE_RANGE
                                    : BarReader.Fill.UP_TO_LAST_BAR;
                    answer = new BarReader(aws.dynamoDb(), aws.barsTable(), System::currentTimeMillis)
                            .bars(range.symbol, periods, range.from, range.to, filling, range.limit.rows);
                } catch (BarReader.NotBuildable e) {
                    throw new Datalake.UserError(e.getMessage());
                }
                QueryOutput out = new QueryOutput(chosen, spec.commandLine().getOut(), BAR_COLUMNS);
                for (DecimalBar b : answer.bars()) {
                    out.row(barValues(b, periods));
                }
                long filled = answer.bars().stream().filter(DecimalBar::filled).count();
                out.end(answer.bars().size() + " " + periods.label() + " bars of " + range.symbol
                        + (answer.storedMs() > 0
                                        && !(periods instanceof BarPeriods.Fixed f && f.ms() == answer.storedMs())
                                ? ", rolled up from " + WindowSizes.label(answer.storedMs()) + " bars"
                                : "")
                        + (fill ? ", " + filled + " without trades" : ""));
            }
            return 0;
        }
    }

    /** A table that is not there is the user's setting to fix: one line, not a stack trace. */
    private static Integer missingTableIsAUserError(Callable<Integer> query) {
        try {
            return query.call();
        } catch (ResourceNotFoundException e) {
            throw new Datalake.UserError("a table to read is not there (check --trades-table, --bars-table, --region): "
                    + e.awsErrorDetails().errorMessage());
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The keys of bars_1m.csv first, so a CSV of 1m bars reads as the reference file does. */
    static final List<Column> BAR_COLUMNS = List.of(
            new Column("symbol", null, Kind.TEXT),
            new Column("window_start_ms", "window start (UTC)", Kind.TIME),
            new Column("open", "open", Kind.NUMBER),
            new Column("high", "high", Kind.NUMBER),
            new Column("low", "low", Kind.NUMBER),
            new Column("close", "close", Kind.NUMBER),
            new Column("volume", "volume", Kind.NUMBER),
            new Column("vwap", "vwap", Kind.VWAP),
            new Column("trades", "trades", Kind.NUMBER),
            new Column("window", null, Kind.TEXT),
            new Column("filled", "no trades", Kind.FLAG));

    static Object[] barValues(DecimalBar b, BarPeriods periods) {
        return new Object[] {
            b.symbol(),
            b.windowStartMs(),
            b.open(),
            b.high(),
            b.low(),
            b.close(),
            b.volume(),
            b.vwap().orElse(null),
            b.trades(),
            periods.label(),
            b.filled()
        };
    }

    @Command(
            name = "asof",
            mixinStandardHelpOptions = true,
            description = "The last trade of each SYMBOL at or before TIME, and the bar it falls in.")
    static final class AsOf implements Callable<Integer> {
        @Parameters(
                index = "0",
                paramLabel = "SYMBOL[,SYMBOL...]",
                split = ",",
                description = "One symbol or several, comma-separated.")
        List<String> symbols;

        @Parameters(
                index = "1",
                paramLabel = "TIME",
                converter = TimeArgument.class,
                description = "The moment: epoch ms or ISO 8601 (2013-10-07T19:59:59.999Z).")
        long time;

        @Mixin
        Size size;

        @Mixin
        QueryOutput.FormatOption format;

        @Mixin
        AwsTarget target;

        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            return missingTableIsAUserError(this::query);
        }

        private Integer query() {
            QueryOutput.Format chosen = format.resolve();
            BarPeriods periods = size.periods();
            try (AwsTarget.Connection aws = target.connect()) {
                TradeReader trades = new TradeReader(aws.dynamoDb(), aws.tradesTable());
                BarReader bars = new BarReader(aws.dynamoDb(), aws.barsTable(), System::currentTimeMillis);
                List<Column> columns = new ArrayList<>(List.of(
                        new Column("symbol", "symbol", Kind.TEXT), new Column("as_of_ms", null, Kind.TIME),
                        new Column("t", "last trade (UTC)", Kind.TIME), new Column("price", "price", Kind.NUMBER),
                        new Column("volume", "volume", Kind.NUMBER), new Column("conditions", null, Kind.LIST),
                        new Column("id", "id", Kind.TEXT), new Column("window", null, Kind.TEXT)));
                for (Column c : BAR_COLUMNS.subList(1, 9)) {
                    columns.add(new Column("bar_" + c.key(), "bar " + c.header(), c.kind()));
                }
                QueryOutput out = new QueryOutput(chosen, spec.commandLine().getOut(), columns);
                int found = 0;
                for (String symbol : symbols.stream()
                        .map(String::trim)
                        .filter(s -> !s.isEmpty())
                        .distinct()
                        .toList()) {
                    Optional<StoredItems.StoredTrade> trade = trades.lastAtOrBefore(symbol, time);
                    Optional<DecimalBar> bar = Optional.empty();
                    if (trade.isPresent()) {
                        found++;
                        try {
                            bar = bars.barAt(symbol, periods, trade.get().id().timeMs());
                        } catch (BarReader.NotBuildable e) {
                            throw new Datalake.UserError(e.getMessage());
                        }
                    }
                    StoredItems.StoredTrade t = trade.orElse(null);
                    DecimalBar b = bar.orElse(null);
                    out.row(
                            symbol,
                            time,
                            t == null ? null : t.id().timeMs(),
                            t == null ? null : t.price(),
                            t == null ? null : t.volume(),
                            t == null ? null : t.conditions(),
                            t == null ? null : t.id().toString(),
                            periods.label(),
                            b == null ? null : b.windowStartMs(),
                            b == null ? null : b.open(),
                            b == null ? null : b.high(),
                            b == null ? null : b.low(),
                            b == null ? null : b.close(),
                            b == null ? null : b.volume(),
                            b == null ? null : b.vwap().orElse(null),
                            b == null ? null : b.trades());
                }
                out.end(found + " of " + symbols.size() + " symbols traded at or before " + TimeArgument.format(time)
                        + "; bars of " + periods.label());
            }
            return 0;
        }
    }
}
