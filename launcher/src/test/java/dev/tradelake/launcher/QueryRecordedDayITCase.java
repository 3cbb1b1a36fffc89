package dev.tradelake.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tradelake.flink.BarItemConverter;
import dev.tradelake.lambda.TradeItems;
import dev.tradelake.launcher.testing.BatchLoad;
import dev.tradelake.local.aws.LocalAws;
import dev.tradelake.local.aws.LocalAwsExtension;
import dev.tradelake.model.Bar;
import dev.tradelake.model.FeedTrade;
import dev.tradelake.model.Trade;
import dev.tradelake.model.TradeSequencer;
import dev.tradelake.model.WindowSizes;
import dev.tradelake.model.testing.RecordedDay;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@code ./datalake query} over the recorded day: the reference 1m bars written into a bars table
 * by the Flink job's own item converter, and the trades around the close into a trades table by
 * the Lambda's; then the launcher's command line, as a user runs it. Rollups are checked against
 * rollups computed here from the reference file. Skipped when {@code ../shared/data} is absent.
 */
@ExtendWith(LocalAwsExtension.class)
class QueryRecordedDayITCase {

    private static final long MINUTE = 60_000;
    /** The trades loaded: 19:58 to 20:02 UTC, the two minutes either side of 16:00 in New York. */
    private static final long TRADES_FROM =
            Instant.parse("2013-10-07T19:58:00Z").toEpochMilli();

    private static final long TRADES_TO = Instant.parse("2013-10-07T20:02:00Z").toEpochMilli();
    private static final ObjectMapper JSON =
            new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private static String endpoint;
    private static String barsTable;
    private static String tradesTable;
    private static List<Trade> loadedTrades;

    @BeforeAll
    static void stockTheTables(LocalAws aws) {
        RecordedDay.assumePresent();
        endpoint = aws.dynamoDbEndpoint().toString();
        barsTable = LocalAws.uniqueName("query-bars");
        tradesTable = LocalAws.uniqueName("query-trades");
        aws.createBarsTable(barsTable);
        aws.createTradesTable(tradesTable);

        List<Map<String, AttributeValue>> bars = new ArrayList<>();
        for (RecordedDay.ReferenceBar r : RecordedDay.bars1m()) {
            double turnover = r.vwap() == null ? 0 : r.vwap() * r.volume();
            bars.add(BarItemConverter.toItem(
                    new Bar(
                            r.symbol(),
                            MINUTE,
                            r.windowStartMs(),
                            r.open(),
                            r.high(),
                            r.low(),
                            r.close(),
                            r.volume(),
                            turnover,
                            r.trades()),
                    0));
        }
        BatchLoad.write(aws.dynamoDb(), barsTable, bars);

        TradeSequencer sequencer = new TradeSequencer();
        loadedTrades = new ArrayList<>();
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        for (FeedTrade f : RecordedDay.trades()) {
            // Every trade goes through the sequencer, so the ids are those of a full run.
            Trade t = sequencer.identify(f, 0);
            if ((t.symbol().equals("SPY") || t.symbol().equals("IBM"))
                    && t.timeMs() >= TRADES_FROM
                    && t.timeMs() < TRADES_TO) {
                loadedTrades.add(t);
                items.add(TradeItems.item(t, 0, 0));
            }
        }
        BatchLoad.write(aws.dynamoDb(), tradesTable, items);
    }

    @ParameterizedTest
    @CsvSource({"SPY,5m", "SPY,1h", "IBM,5m", "IBM,1h"})
    void rollupsEqualRollupsOfTheReferenceMinutes(String symbol, String window) {
        long size = WindowSizes.parseMs(window);

        Run run = query("bars", symbol, "--window", window, "--format", "json", "--limit", "100000");

        assertThat(run.code).as(run.err).isZero();
        List<Expected> expected = rollUp(symbol, size);
        List<JsonNode> actual = run.jsonLines();
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            Expected e = expected.get(i);
            JsonNode a = actual.get(i);
            String bar = symbol + " " + window + " @ " + Instant.ofEpochMilli(e.start);
            assertThat(a.path("window_start_ms").asLong()).as(bar).isEqualTo(e.start);
            assertThat(a.path("window").asText()).as(bar).isEqualTo(window);
            assertThat(a.path("open").decimalValue()).as(bar + " open").isEqualByComparingTo(e.open);
            assertThat(a.path("high").decimalValue()).as(bar + " high").isEqualByComparingTo(e.high);
            assertThat(a.path("low").decimalValue()).as(bar + " low").isEqualByComparingTo(e.low);
            assertThat(a.path("close").decimalValue()).as(bar + " close").isEqualByComparingTo(e.close);
            assertThat(a.path("volume").decimalValue()).as(bar + " volume").isEqualByComparingTo(e.volume);
            assertThat(a.path("trades").asLong()).as(bar + " trades").isEqualTo(e.trades);
            assertThat(a.path("filled").asBoolean()).as(bar + " filled").isFalse();
            if (e.volume.signum() == 0) {
                assertThat(a.path("vwap").isNull()).as(bar + " vwap").isTrue();
            } else {
                BigDecimal vwap = e.turnover.divide(e.volume, MathContext.DECIMAL64);
                assertThat(a.path("vwap").decimalValue())
                        .as(bar + " vwap")
                        .isCloseTo(vwap, within(vwap.abs().scaleByPowerOfTen(-12)));
            }
        }
    }

    @Test
    void oneMinuteCsvReadsAsTheReferenceFile() throws IOException {
        Run run = query("bars", "SPY", "--format", "csv", "--limit", "100000");

        assertThat(run.code).as(run.err).isZero();
        List<String> lines = run.out.lines().toList();
        List<String> reference = Files.readAllLines(RecordedDay.bars1mFile().orElseThrow(), StandardCharsets.UTF_8);
        List<String> expected = new ArrayList<>(List.of(reference.get(0)));
        reference.stream().filter(l -> l.startsWith("SPY,")).forEach(expected::add);
        assertThat(lines.get(0)).startsWith(expected.get(0) + ",");
        // The file writes 168.0 where the table keeps the decimal 168: the same number.
        assertThat(lines.stream()
                        .map(l -> numbersAsDecimals(l.substring(0, nthComma(l, 9))))
                        .toList())
                .isEqualTo(expected.stream()
                        .map(QueryRecordedDayITCase::numbersAsDecimals)
                        .toList());
    }

    private static String numbersAsDecimals(String csvLine) {
        String[] cells = csvLine.split(",", -1);
        for (int i = 0; i < cells.length; i++) {
            if (cells[i].matches("-?[0-9]+(\\.[0-9]+)?")) {
                cells[i] = new BigDecimal(cells[i]).stripTrailingZeros().toPlainString();
            }
        }
        return String.join(",", cells);
    }

    @Test
    void fillOverTheLunchHourReturnsSixtyBars() {
        Run run = query(
                "bars",
                "SPY",
                "--fill",
                "--from",
                "2013-10-07T16:00:00Z",
                "--to",
                "2013-10-07T16:59:00Z",
                "--format",
                "json");

        assertThat(run.code).as(run.err).isZero();
        assertThat(run.jsonLines())
                .hasSize(60)
                .extracting(j -> j.path("window_start_ms").asLong())
                .containsExactlyElementsOf(
                        minutes(Instant.parse("2013-10-07T16:00:00Z").toEpochMilli(), 60));
    }

    @Test
    void fillMarksQuietMinutesAndCarriesTheCloseForward() {
        // AIG's first bars of the day: 08:00 and 08:03 UTC, then nothing until 10:12.
        long from = Instant.parse("2013-10-07T08:00:00Z").toEpochMilli();
        Run run = query(
                "bars",
                "AIG",
                "--fill",
                "--from",
                "2013-10-07T08:00:00Z",
                "--to",
                "2013-10-07T08:59:00Z",
                "--format",
                "json");

        assertThat(run.code).as(run.err).isZero();
        List<JsonNode> bars = run.jsonLines();
        assertThat(bars)
                .hasSize(60)
                .extracting(j -> j.path("window_start_ms").asLong())
                .containsExactlyElementsOf(minutes(from, 60));
        assertThat(bars)
                .filteredOn(j -> !j.path("filled").asBoolean())
                .extracting(j -> j.path("window_start_ms").asLong())
                .containsExactly(from, from + 3 * MINUTE);
        JsonNode quiet = bars.get(30);
        assertThat(quiet.path("filled").asBoolean()).isTrue();
        assertThat(quiet.path("close").decimalValue()).isEqualByComparingTo("48.83");
        assertThat(quiet.path("open").decimalValue()).isEqualByComparingTo("48.83");
        assertThat(quiet.path("volume").decimalValue()).isEqualByComparingTo("0");
        assertThat(quiet.path("trades").asLong()).isZero();
        assertThat(quiet.path("vwap").isNull()).isTrue();
    }

    @Test
    void fillWithoutAnEndStopsAtTheLastBar() {
        long from = Instant.parse("2013-10-07T23:00:00Z").toEpochMilli();
        long lastAig = RecordedDay.bars1m().stream()
                .filter(b -> b.symbol().equals("AIG"))
                .mapToLong(RecordedDay.ReferenceBar::windowStartMs)
                .max()
                .orElseThrow();

        Run run = query("bars", "AIG", "--fill", "--from", "2013-10-07T23:00:00Z", "--format", "json");

        assertThat(run.code).as(run.err).isZero();
        assertThat(run.jsonLines())
                .extracting(j -> j.path("window_start_ms").asLong())
                .containsExactlyElementsOf(minutes(from, (int) ((lastAig - from) / MINUTE) + 1));
    }

    @Test
    void asOfOneMillisecondBeforeTheCloseIsTheLastTradeBeforeIt() {
        long asOf = Instant.parse("2013-10-07T19:59:59.999Z").toEpochMilli();

        Run run = query("asof", "SPY,IBM,NOPE", "2013-10-07T19:59:59.999Z", "--format", "json");

        assertThat(run.code).as(run.err).isZero();
        List<JsonNode> rows = run.jsonLines();
        assertThat(rows).extracting(j -> j.path("symbol").asText()).containsExactly("SPY", "IBM", "NOPE");
        for (JsonNode row : rows.subList(0, 2)) {
            String symbol = row.path("symbol").asText();
            Trade last = loadedTrades.stream()
                    .filter(t -> t.symbol().equals(symbol) && t.timeMs() <= asOf)
                    .reduce((a, b) -> b.isBefore(a) ? a : b)
                    .orElseThrow();
            assertThat(row.path("id").asText()).as(symbol).isEqualTo(last.id().toString());
            assertThat(row.path("t").asLong())
                    .as(symbol)
                    .isLessThan(Instant.parse("2013-10-07T20:00:00Z").toEpochMilli());
            assertThat(row.path("price").decimalValue()).as(symbol).isEqualByComparingTo(last.price());
            long minuteStart = last.timeMs() - Math.floorMod(last.timeMs(), MINUTE);
            RecordedDay.ReferenceBar minute = RecordedDay.bars1m().stream()
                    .filter(b -> b.symbol().equals(symbol) && b.windowStartMs() == minuteStart)
                    .findFirst()
                    .orElseThrow();
            assertThat(row.path("bar_window_start_ms").asLong()).as(symbol).isEqualTo(minute.windowStartMs());
            assertThat(row.path("bar_close").decimalValue())
                    .as(symbol)
                    .isEqualByComparingTo(BigDecimal.valueOf(minute.close()));
            assertThat(row.path("bar_trades").asLong()).as(symbol).isEqualTo(minute.trades());
        }
        assertThat(rows.get(0).path("id").asText()).isEqualTo("SPY:1381175999990:0");
        assertThat(rows.get(2).path("t").isNull()).isTrue();
    }

    @Test
    void aSizeThatCannotBeBuiltIsOneLineAndExitCodeTwo() {
        Run run = query("bars", "SPY", "--window", "90s");

        assertThat(run.code).isEqualTo(2);
        assertThat(run.out).isEmpty();
        assertThat(run.err.strip()).doesNotContain("\n").contains("90s").contains("multiples of 1m");
    }

    @Test
    void dayBarsFollowTheZoneAskedFor() {
        Run utc = query("bars", "SPY", "--window", "1d", "--format", "json");
        Run newYork = query("bars", "SPY", "--window", "1d", "--tz", "America/New_York", "--format", "json");

        assertThat(utc.code).as(utc.err).isZero();
        assertThat(newYork.code).as(newYork.err).isZero();
        assertThat(utc.jsonLines())
                .singleElement()
                .satisfies(d -> assertThat(d.path("window_start_ms").asLong())
                        .isEqualTo(Instant.parse("2013-10-07T00:00:00Z").toEpochMilli()));
        assertThat(newYork.jsonLines()).singleElement().satisfies(d -> {
            assertThat(d.path("window_start_ms").asLong())
                    .isEqualTo(Instant.parse("2013-10-07T04:00:00Z").toEpochMilli());
            assertThat(d.path("trades").asLong())
                    .isEqualTo(RecordedDay.totals().get("SPY").trades());
        });
    }

    private static List<Long> minutes(long from, int count) {
        List<Long> starts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            starts.add(from + i * MINUTE);
        }
        return starts;
    }

    private static int nthComma(String line, int n) {
        int at = -1;
        for (int i = 0; i < n; i++) {
            at = line.indexOf(',', at + 1);
            if (at < 0) {
                return line.length();
            }
        }
        return at;
    }

    /** A rollup of the reference minutes, computed here from the file's decimals, apart from the code under test. */
    private record Expected(
            long start,
            BigDecimal open,
            BigDecimal high,
            BigDecimal low,
            BigDecimal close,
            BigDecimal volume,
            BigDecimal turnover,
            long trades) {}

    private static List<Expected> rollUp(String symbol, long size) {
        Map<Long, List<RecordedDay.ReferenceBar>> groups = new TreeMap<>();
        for (RecordedDay.ReferenceBar b : RecordedDay.bars1m()) {
            if (b.symbol().equals(symbol)) {
                groups.computeIfAbsent(Math.floorDiv(b.windowStartMs(), size) * size, k -> new ArrayList<>())
                        .add(b);
            }
        }
        List<Expected> out = new ArrayList<>();
        groups.forEach((start, bars) -> {
            BigDecimal high = null;
            BigDecimal low = null;
            BigDecimal volume = BigDecimal.ZERO;
            BigDecimal turnover = BigDecimal.ZERO;
            long trades = 0;
            for (RecordedDay.ReferenceBar b : bars) {
                BigDecimal h = BigDecimal.valueOf(b.high());
                BigDecimal l = BigDecimal.valueOf(b.low());
                high = high == null || h.compareTo(high) > 0 ? h : high;
                low = low == null || l.compareTo(low) < 0 ? l : low;
                BigDecimal v = BigDecimal.valueOf(b.volume());
                volume = volume.add(v);
                turnover = b.vwap() == null
                        ? turnover
                        : turnover.add(BigDecimal.valueOf(b.vwap()).multiply(v));
                trades += b.trades();
            }
            out.add(new Expected(
                    start,
                    BigDecimal.valueOf(bars.get(0).open()),
                    high,
                    low,
                    BigDecimal.valueOf(bars.get(bars.size() - 1).close()),
                    volume,
                    turnover,
                    trades));
        });
        return out;
    }

    private record Run(int code, String out, String err) {
        List<JsonNode> jsonLines() {
            return out.lines()
                    .map(line -> {
                        try {
                            return JSON.readTree(line);
                        } catch (IOException e) {
                            throw new UncheckedIOException("not a JSON line: " + line, e);
                        }
                    })
                    .toList();
        }
    }

    private static Run query(String... args) {
        List<String> all = new ArrayList<>(List.of("query"));
        all.addAll(List.of(args));
        all.addAll(List.of("--dynamodb-endpoint", endpoint, "--bars-table", barsTable, "--trades-table", tradesTable));
        CommandLine cli = Datalake.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(all.toArray(String[]::new));
        return new Run(code, out.toString(), err.toString());
    }
}
