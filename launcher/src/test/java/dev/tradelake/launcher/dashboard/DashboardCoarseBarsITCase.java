package dev.tradelake.launcher.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tradelake.launcher.tables.BarReader;
import dev.tradelake.local.aws.LocalAws;
import dev.tradelake.local.aws.LocalAwsExtension;
import dev.tradelake.model.Bar;
import dev.tradelake.model.BarPeriods;
import dev.tradelake.model.BarRollup;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The dashboard's history read through {@link BarReader}: from the stored 1h and 1d bars where
 * they cover the range, from the finer bars where they do not, the latest bars of the range, each
 * complete. The expected bars are summed here from the stored minutes, not by {@link BarRollup}.
 */
@ExtendWith(LocalAwsExtension.class)
class DashboardCoarseBarsITCase {

    private static final ObjectMapper JSON =
            new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final long MINUTE = 60_000;
    private static final long HOUR = 3_600_000;
    private static final long DAY = 86_400_000;
    /** 2026-06-01T00:00Z. */
    private static final long DAY0 = 1_780_272_000_000L;

    private static final String SYMBOL = "XYZ";

    /**
     * 120 days stored as the job stores them (1m, 1h rolled up from the minutes, 1d from the
     * hours): the whole daily history, far past the 70 days of minutes the dashboard used to read,
     * comes from the stored days and equals the days summed from the minutes; so does a month of
     * hours from the stored hours.
     */
    @Test
    void aLongDailyHistoryIsTheStoredDaysAndEqualsTheMinutes(LocalAws aws) throws Exception {
        int days = 120;
        List<Bar> minutes = minutes(days);
        List<Bar> hours = BarRollup.rollUpBars(minutes, HOUR);
        try (LakeFixture lake = new LakeFixture(aws)) {
            lake.putBars(Stream.of(minutes, hours, BarRollup.rollUpBars(hours, DAY))
                    .flatMap(List::stream)
                    .toList());
            BarReader reader = new BarReader(aws.dynamoDb(), lake.barsTable, () -> DAY0 + days * DAY);

            List<Map<String, Object>> daily = expected(minutes, DAY);
            assertThat(daily).hasSize(days);
            assertBars(lake.get("/api/bars?symbol=XYZ&window=1d&limit=1000").body(), daily);
            assertThat(reader.latest(SYMBOL, new BarPeriods.Fixed(DAY), 0, ApiParams.END_OF_TIME, 1_000)
                            .storedMs())
                    .as("read from the stored days")
                    .isEqualTo(DAY);

            // The latest 10 days, oldest first.
            assertBars(lake.get("/api/bars?symbol=XYZ&window=1d&limit=10").body(), daily.subList(days - 10, days));

            long monthFrom = DAY0 + 30 * DAY;
            long monthTo = DAY0 + 60 * DAY - 1;
            List<Map<String, Object>> hourly = expected(minutes, HOUR).stream()
                    .filter(b ->
                            (long) b.get("window_start_ms") >= monthFrom && (long) b.get("window_start_ms") <= monthTo)
                    .toList();
            assertBars(
                    lake.get("/api/bars?symbol=XYZ&window=1h&from=" + monthFrom + "&to=" + monthTo)
                            .body(),
                    hourly);
            assertThat(reader.latest(SYMBOL, new BarPeriods.Fixed(HOUR), monthFrom, monthTo, 10_000)
                            .storedMs())
                    .as("read from the stored hours")
                    .isEqualTo(HOUR);
        }
    }

    /**
     * A lake grown before the job stored 1d bars (1m and 1h for 100 days, 1d for the last 20), and
     * one whose job stopped storing them (1d for the first 50): a daily history over days the 1d
     * bars lack is rolled up from the hours, and has those days; the latest days the 1d bars
     * cover are read from them.
     */
    @Test
    void daysTheStoredDaysDoNotCoverAreRolledUpFromTheFinerBars(LocalAws aws) throws Exception {
        int days = 100;
        List<Bar> minutes = minutes(days);
        List<Bar> hours = BarRollup.rollUpBars(minutes, HOUR);
        List<Bar> dayBars = BarRollup.rollUpBars(hours, DAY);
        List<Map<String, Object>> daily = expected(minutes, DAY);
        try (LakeFixture grown = new LakeFixture(aws);
                LakeFixture dropped = new LakeFixture(aws)) {
            grown.putBars(Stream.of(minutes, hours, dayBars.subList(days - 20, days))
                    .flatMap(List::stream)
                    .toList());
            dropped.putBars(Stream.of(minutes, hours, dayBars.subList(0, 50))
                    .flatMap(List::stream)
                    .toList());

            assertBars(grown.get("/api/bars?symbol=XYZ&window=1d").body(), daily);
            assertBars(grown.get("/api/bars?symbol=XYZ&window=1d&limit=15").body(), daily.subList(days - 15, days));
            BarReader grownReader = new BarReader(aws.dynamoDb(), grown.barsTable, () -> DAY0 + days * DAY);
            assertThat(grownReader
                            .latest(SYMBOL, new BarPeriods.Fixed(DAY), 0, ApiParams.END_OF_TIME, 15)
                            .storedMs())
                    .as("the latest 15 days are stored as days")
                    .isEqualTo(DAY);

            // The 1d bars end at day 50: the latest 10 days are the hours' (days 90..99).
            assertBars(dropped.get("/api/bars?symbol=XYZ&window=1d&limit=10").body(), daily.subList(days - 10, days));
            assertBars(dropped.get("/api/bars?symbol=XYZ&window=1d").body(), daily);
        }
    }

    /**
     * Windows are aligned on the epoch and whole: a limit that would cut the oldest window's minutes
     * leaves it out, and a range starting inside a window begins with the next one.
     */
    @Test
    void theLatestWindowsAreWhole(LocalAws aws) throws Exception {
        List<Bar> minutes = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            double price = 100 + i;
            minutes.add(new Bar(
                    SYMBOL, MINUTE, DAY0 + i * MINUTE, price, price + 1, price - 1, price + 0.5, 10, 10 * price, 2));
        }
        try (LakeFixture lake = new LakeFixture(aws)) {
            lake.putBars(minutes);
            List<Map<String, Object>> fives = expected(minutes, 5 * MINUTE);
            assertThat(fives).hasSize(5);
            assertBars(lake.get("/api/bars?symbol=XYZ&window=5m").body(), fives);
            assertBars(lake.get("/api/bars?symbol=XYZ&window=5m&limit=2").body(), fives.subList(3, 5));
            assertBars(
                    lake.get("/api/bars?symbol=XYZ&window=5m&from=" + (DAY0 + 7 * MINUTE) + "&to="
                                    + (DAY0 + 16 * MINUTE))
                            .body(),
                    fives.subList(2, 4));
            assertBars(
                    lake.get("/api/bars?symbol=XYZ&window=1m&limit=10&to=" + (DAY0 + 15 * MINUTE))
                            .body(),
                    expected(minutes, MINUTE).subList(6, 16));
        }
    }

    /** Three traded minutes a day, their prices moving from day to day. */
    private static List<Bar> minutes(int days) {
        List<Bar> minutes = new ArrayList<>();
        for (int d = 0; d < days; d++) {
            long[] at = {14 * HOUR + 30 * MINUTE + (d % 7) * MINUTE, 16 * HOUR, 19 * HOUR + 59 * MINUTE};
            for (int k = 0; k < at.length; k++) {
                double price = 50 + (d * 7 + k * 3) % 23 + 0.25;
                double volume = 100 + d + k;
                minutes.add(new Bar(
                        SYMBOL,
                        MINUTE,
                        DAY0 + d * DAY + at[k],
                        price,
                        price + 0.5,
                        price - 0.75,
                        price + 0.125,
                        volume,
                        volume * price,
                        k + 2));
            }
        }
        return minutes;
    }

    /** The bars of {@code windowMs} summed from the minutes, as the API's JSON keys them. */
    private static List<Map<String, Object>> expected(List<Bar> minutes, long windowMs) {
        TreeMap<Long, List<Bar>> byWindow = new TreeMap<>();
        for (Bar m : minutes) {
            byWindow.computeIfAbsent(Math.floorDiv(m.windowStartMs(), windowMs) * windowMs, w -> new ArrayList<>())
                    .add(m);
        }
        List<Map<String, Object>> bars = new ArrayList<>();
        byWindow.forEach((start, in) -> {
            BigDecimal volume = in.stream().map(Bar::volume).reduce(BigDecimal.ZERO, BigDecimal::add);
            BigDecimal turnover = in.stream().map(Bar::turnover).reduce(BigDecimal.ZERO, BigDecimal::add);
            bars.add(Map.of(
                    "window_start_ms", start,
                    "open", in.get(0).open(),
                    "close", in.get(in.size() - 1).close(),
                    "high",
                            in.stream()
                                    .map(Bar::high)
                                    .max(BigDecimal::compareTo)
                                    .orElseThrow(),
                    "low", in.stream().map(Bar::low).min(BigDecimal::compareTo).orElseThrow(),
                    "volume", volume,
                    "vwap", turnover.divide(volume, MathContext.DECIMAL64),
                    "trades", in.stream().mapToLong(Bar::trades).sum()));
        });
        return bars;
    }

    private static void assertBars(String body, List<Map<String, Object>> expected) throws Exception {
        JsonNode bars = JSON.readTree(body);
        assertThat(bars.isArray()).as(body).isTrue();
        assertThat(bars).hasSize(expected.size());
        for (int i = 0; i < expected.size(); i++) {
            Map<String, Object> e = expected.get(i);
            JsonNode a = bars.get(i);
            String at = "bar " + i + " @ " + e.get("window_start_ms");
            assertThat(a.path("symbol").asText()).as(at).isEqualTo(SYMBOL);
            assertThat(a.path("window_start_ms").asLong()).as(at).isEqualTo(e.get("window_start_ms"));
            assertThat(a.path("trades").asLong()).as(at).isEqualTo(e.get("trades"));
            for (String key : List.of("open", "high", "low", "close", "volume")) {
                assertThat(a.path(key).decimalValue()).as(at + " " + key).isEqualByComparingTo((BigDecimal) e.get(key));
            }
            assertThat(a.path("vwap").decimalValue().round(MathContext.DECIMAL64))
                    .as(at + " vwap")
                    .isEqualByComparingTo((BigDecimal) e.get("vwap"));
        }
    }
}
