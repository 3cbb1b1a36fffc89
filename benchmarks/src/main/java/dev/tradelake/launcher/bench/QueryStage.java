package dev.tradelake.launcher.bench;

import dev.tradelake.flink.BarItemConverter;
import dev.tradelake.flink.BarSettings;
import dev.tradelake.launcher.tables.BarReader;
import dev.tradelake.launcher.testing.BatchLoad;
import dev.tradelake.local.aws.LocalAws;
import dev.tradelake.model.Bar;
import dev.tradelake.model.BarPeriods;
import dev.tradelake.model.BarRollup;
import dev.tradelake.model.BarsTable;
import dev.tradelake.model.WindowSizes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.IntSupplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * The bars queries on a lake that has grown: a month of one symbol's bars in a fresh table of the
 * DynamoDB emulator, each query read through {@link BarReader} (finding the stored size, reading
 * the decimals, rolling up). First with 1m bars alone: a day of 1m bars, and a 1h rollup of the
 * whole month next to a bare paginated Query of the same items, the floor of reading 1m bars. Then
 * as the Flink job stores them by default ({@link BarSettings#defaults}: 1m, 1h, 1d), the coarse
 * sizes rolled up from the finer ones by the job's own rollup ({@link BarRollup#rollUpBars}): the
 * 1h and 1d bars of the month.
 */
public final class QueryStage {

    static final String STAGE = Stage.QUERY.label();
    private static final String SYMBOL = "BENCH";
    private static final long MINUTE = 60_000;
    private static final long DAY = 86_400_000;
    private static final int DAYS = 30;
    /** 2026-11-01T00:00:00Z: any UTC midnight would do. */
    private static final long MONTH_START = 1_793_491_200_000L;

    private static final long TARGET_MS = 500;

    private QueryStage() {}

    public static List<Figure> run(BenchContext ctx) {
        LocalAws aws = ctx.aws();
        DynamoDbClient dynamo = aws.dynamoDb();
        String table = LocalAws.uniqueName("bench-query-bars");
        aws.createBarsTable(table);
        List<Bar> monthOfMinutes = monthOfMinutes();
        int bars = monthOfMinutes.size();
        long t0 = System.nanoTime();
        BatchLoad.write(dynamo, table, items(monthOfMinutes));
        double loadS = (System.nanoTime() - t0) / 1e9;
        ctx.say("query: loaded %,d 1m bars of %s (%d days) in %.1f s", bars, SYMBOL, DAYS, loadS);

        BarReader reader = new BarReader(dynamo, table, System::currentTimeMillis);
        int rounds = ctx.quick() ? 5 : 9;
        long day = MONTH_START + 14 * DAY;
        BarPeriods minutes = BarPeriods.of("1m", null);
        BarPeriods hours = BarPeriods.of("1h", null);
        BarPeriods days = BarPeriods.of("1d", null);
        long monthEnd = MONTH_START + DAYS * DAY - 1;

        Timing dayRead = time(rounds, () -> count(reader, minutes, day, day + DAY - 1, BarReader.Fill.NONE));
        Timing dayRaw = time(rounds, () -> rawQuery(dynamo, table, day, day + DAY - 1));
        Timing monthRollup = time(rounds, () -> count(reader, hours, MONTH_START, monthEnd, BarReader.Fill.NONE));
        Timing monthRaw = time(rounds, () -> rawQuery(dynamo, table, MONTH_START, monthEnd));
        Timing monthFill = time(rounds, () -> count(reader, hours, MONTH_START, monthEnd, BarReader.Fill.WHOLE_RANGE));
        // What the Flink job stores with its default sizes: the reader then reads the coarsest that divides.
        List<Long> coarse = storeCoarseSizes(dynamo, table, monthOfMinutes);
        Timing monthStoredHours = time(rounds, () -> count(reader, hours, MONTH_START, monthEnd, BarReader.Fill.NONE));
        Timing monthStoredDays = time(rounds, () -> count(reader, days, MONTH_START, monthEnd, BarReader.Fill.NONE));
        ctx.say(
                "query: day of 1m bars %.0f ms (bare Query %.0f ms); 1h rollup of the month's 1m bars %.0f ms (bare"
                        + " Query %.0f ms), with --fill %.0f ms; with the job's default sizes stored (%s): 1h over"
                        + " the month %.0f ms, 1d %.0f ms; medians of %d",
                dayRead.medianMs,
                dayRaw.medianMs,
                monthRollup.medianMs,
                monthRaw.medianMs,
                monthFill.medianMs,
                labels(coarse),
                monthStoredHours.medianMs,
                monthStoredDays.medianMs,
                rounds);

        Map<String, Object> common = new LinkedHashMap<>();
        common.put("stored_1m_bars", bars);
        common.put("days", DAYS);
        common.put("median_of", rounds);
        common.put("load_seconds", Math.round(loadS * 10) / 10.0);
        List<Figure> figures = new ArrayList<>();
        figures.add(Figure.of(STAGE, "day_of_1m_bars_ms", "a day of 1m bars, one symbol", dayRead.medianMs, "ms")
                .against(
                        Figure.Reference.baseline("bare Query of the same " + dayRaw.items + " items", dayRaw.medianMs))
                .target(Figure.Target.below(TARGET_MS, "< " + TARGET_MS + " ms"))
                .details(details(common, dayRead, dayRaw)));
        figures.add(
                Figure.of(STAGE, "month_1h_rollup_ms", "1h rollup of a month of 1m bars", monthRollup.medianMs, "ms")
                        .against(Figure.Reference.baseline(
                                "bare Query of the same " + monthRaw.items + " items", monthRaw.medianMs))
                        .details(details(common, monthRollup, monthRaw)));
        figures.add(Figure.of(STAGE, "month_1h_rollup_fill_ms", "same, with --fill", monthFill.medianMs, "ms")
                .against(Figure.Reference.baseline("bare Query", monthRaw.medianMs))
                .details(details(common, monthFill, monthRaw)));
        Map<String, Object> stored = new LinkedHashMap<>(common);
        stored.put("stored_sizes", "1m," + labels(coarse));
        figures.add(Figure.of(
                        STAGE,
                        "month_1h_from_stored_1h_ms",
                        "1h over the month, the job's default sizes stored (reads the 1h bars)",
                        monthStoredHours.medianMs,
                        "ms")
                .against(Figure.Reference.baseline("the rollup of 1m bars", monthRollup.medianMs))
                .target(Figure.Target.below(TARGET_MS, "< " + TARGET_MS + " ms"))
                .details(details(stored, monthStoredHours, monthRollup)));
        figures.add(Figure.of(
                        STAGE,
                        "month_1d_from_stored_1d_ms",
                        "1d over the month, the job's default sizes stored (reads the 1d bars)",
                        monthStoredDays.medianMs,
                        "ms")
                .against(Figure.Reference.baseline("the rollup of 1m bars to 1h", monthRollup.medianMs))
                .target(Figure.Target.below(TARGET_MS, "< " + TARGET_MS + " ms"))
                .details(details(stored, monthStoredDays, monthRollup)));
        return figures;
    }

    /**
     * Stores the bars of each size the job rolls up by default, computed from the minutes as the
     * job computes them (each from the bars of the size it is rolled up from); returns those sizes.
     */
    private static List<Long> storeCoarseSizes(DynamoDbClient dynamo, String table, List<Bar> monthOfMinutes) {
        BarSettings job = BarSettings.defaults();
        Map<Long, List<Bar>> bySize = new TreeMap<>();
        bySize.put(MINUTE, monthOfMinutes);
        List<Long> coarse = new ArrayList<>();
        for (long size : new TreeSet<>(job.windowsMs())) {
            OptionalLong finer = job.rolledUpFrom(size);
            if (finer.isEmpty() || !bySize.containsKey(finer.getAsLong())) {
                continue;
            }
            List<Bar> rolled = BarRollup.rollUpBars(bySize.get(finer.getAsLong()), size).stream()
                    .map(b -> b.withFinal(true))
                    .toList();
            bySize.put(size, rolled);
            BatchLoad.write(dynamo, table, items(rolled));
            coarse.add(size);
        }
        return coarse;
    }

    private static String labels(List<Long> sizes) {
        return String.join(",", sizes.stream().map(WindowSizes::label).toList());
    }

    private static List<Map<String, AttributeValue>> items(List<Bar> bars) {
        return bars.stream()
                .map(b -> BarItemConverter.toItem(b, b.windowEndMs()))
                .toList();
    }

    private static int count(BarReader reader, BarPeriods periods, long fromMs, long toMs, BarReader.Fill fill) {
        return reader.bars(SYMBOL, periods, fromMs, toMs, fill, 100_000).bars().size();
    }

    private static Map<String, Object> details(Map<String, Object> common, Timing measured, Timing baseline) {
        Map<String, Object> d = new LinkedHashMap<>(common);
        d.put("rows", measured.items);
        d.put("min_ms", round(measured.minMs));
        d.put("max_ms", round(measured.maxMs));
        d.put("baseline_items", baseline.items);
        d.put("baseline_min_ms", round(baseline.minMs));
        d.put("baseline_max_ms", round(baseline.maxMs));
        return d;
    }

    /** A month of minutes, every one traded: a random walk in cents, volumes with decimals. */
    private static List<Bar> monthOfMinutes() {
        Random random = new Random(15);
        List<Bar> items = new ArrayList<>();
        long cents = 10_000;
        for (long start = MONTH_START; start < MONTH_START + DAYS * DAY; start += MINUTE) {
            long open = cents;
            long high = open;
            long low = open;
            for (int i = 0; i < 4; i++) {
                cents = Math.max(100, cents + random.nextInt(21) - 10);
                high = Math.max(high, cents);
                low = Math.min(low, cents);
            }
            double volume = (1 + random.nextInt(5_000)) / 100.0;
            double vwap = (low + random.nextInt((int) (high - low) + 1)) / 100.0;
            items.add(new Bar(
                            SYMBOL,
                            MINUTE,
                            start,
                            open / 100.0,
                            high / 100.0,
                            low / 100.0,
                            cents / 100.0,
                            volume,
                            vwap * volume,
                            1 + random.nextInt(50))
                    .withFinal(true));
        }
        return items;
    }

    /** What any reader pays at least: the Query pages of the same items, nothing read out of them. */
    private static int rawQuery(DynamoDbClient dynamo, String table, long fromMs, long toMs) {
        QueryRequest request = QueryRequest.builder()
                .tableName(table)
                .keyConditionExpression("#s = :series AND #t BETWEEN :from AND :to")
                .expressionAttributeNames(Map.of("#s", BarsTable.PARTITION_KEY, "#t", BarsTable.SORT_KEY))
                .expressionAttributeValues(Map.of(
                        ":series", AttributeValue.fromS(BarsTable.series(SYMBOL, WindowSizes.parseMs("1m"))),
                        ":from", AttributeValue.fromN(Long.toString(fromMs)),
                        ":to", AttributeValue.fromN(Long.toString(toMs))))
                .build();
        int items = 0;
        for (var page : dynamo.queryPaginator(request)) {
            items += page.count();
        }
        return items;
    }

    private record Timing(double medianMs, double minMs, double maxMs, int items) {}

    /** One warm-up call, then {@code rounds} timed calls. */
    private static Timing time(int rounds, IntSupplier call) {
        int items = call.getAsInt();
        double[] ms = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            long t0 = System.nanoTime();
            items = call.getAsInt();
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(ms);
        return new Timing(ms[rounds / 2], ms[0], ms[rounds - 1], items);
    }

    private static double round(double ms) {
        return Math.round(ms * 10) / 10.0;
    }
}
