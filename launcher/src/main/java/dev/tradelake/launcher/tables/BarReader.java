package dev.tradelake.launcher.tables;

import dev.tradelake.model.BarPeriods;
import dev.tradelake.model.BarRollup;
import dev.tradelake.model.BarsTable;
import dev.tradelake.model.DecimalBar;
import dev.tradelake.model.WindowSizes;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * Bars of any size from the bars table: the stored series of the size asked for, or the coarsest
 * stored size that divides it, rolled up by {@link BarRollup}. Used by {@code ./datalake query}
 * and the dashboard.
 *
 * <p>The table is keyed by series ({@code SPY#1m}) and window start, so what sizes are stored is
 * found by probing the series of {@link #PROBED_SIZES} with one-item Queries. Every number is read
 * as the decimal text DynamoDB returns, never through a double.
 */
public final class BarReader {

    /** The sizes looked for when finding what is stored: the ones a Flink job is usually given. */
    public static final List<Long> PROBED_SIZES =
            WindowSizes.parseList("1s,5s,10s,15s,30s,1m,2m,3m,5m,10m,15m,20m,30m,1h,2h,3h,4h,6h,12h,1d");

    private static final Map<String, String> NAMES = Map.of(
            "#s",
            BarsTable.PARTITION_KEY,
            "#t",
            BarsTable.SORT_KEY,
            "#o",
            BarsTable.OPEN,
            "#h",
            BarsTable.HIGH,
            "#l",
            BarsTable.LOW,
            "#c",
            BarsTable.CLOSE,
            "#v",
            BarsTable.VOLUME,
            "#x",
            BarsTable.TURNOVER,
            "#n",
            BarsTable.TRADES);
    private static final String BAR_ATTRIBUTES = "#t, #o, #h, #l, #c, #v, #x, #n";
    /** Ranges of fewer stored bars than this are read with one paginated Query. */
    private static final long PARALLEL_FROM_BARS = 5_000;

    private static final int PARTS = 4;

    /**
     * The most stored bars one {@link #latest} read takes: 100,000 items, 69 days of 1m bars with a
     * trade every minute when a coarse size has to be rolled up from them; of stored 1d bars, 270 years.
     */
    static final int MAX_LATEST_STORED_BARS = 100_000;

    private final DynamoDbClient dynamo;
    private final String table;
    private final LongSupplier clock;

    /** @param clock now, epoch ms: {@link Fill#WHOLE_RANGE} carries the last close up to the present period, no further */
    public BarReader(DynamoDbClient dynamo, String table, LongSupplier clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.clock = clock;
    }

    /**
     * What a bars query found.
     *
     * @param bars     by window start
     * @param storedMs the stored size they were built from; 0 when the symbol has no bars stored
     */
    public record Answer(List<DecimalBar> bars, long storedMs) {}

    /** A size that no stored size of the symbol builds; the message names those that can be built. */
    public static final class NotBuildable extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        NotBuildable(String message) {
            super(message);
        }
    }

    /** Which empty periods get a {@linkplain DecimalBar#filled filled} bar. */
    public enum Fill {
        /** None: only periods with trades. */
        NONE,
        /** Those up to the last stored bar in the range: for a range open at its end. */
        UP_TO_LAST_BAR,
        /** Every period of the range up to the present one. */
        WHOLE_RANGE
    }

    /**
     * The bars of {@code symbol} whose period starts between {@code fromMs} and {@code toMs} (both
     * included), at most {@code limit}, with empty periods filled as {@code fill} says; filling
     * starts at the first period with a known price (see {@link BarRollup#fill}).
     *
     * @throws NotBuildable when bars of the symbol are stored but none of a size that builds {@code periods}
     */
    public Answer bars(String symbol, BarPeriods periods, long fromMs, long toMs, Fill fill, int limit) {
        long firstStart = periods.firstStartAtOrAfter(fromMs);
        long lastStart = periods.startOf(toMs);
        if (lastStart < firstStart || limit <= 0) {
            return new Answer(List.of(), 0);
        }
        long readTo = periods.endOf(lastStart) - 1;
        OptionalLong source = source(symbol, periods, firstStart, readTo);
        if (source.isEmpty()) {
            return new Answer(List.of(), 0);
        }
        long storedMs = source.getAsLong();
        List<DecimalBar> rolled = BarRollup.rollUp(read(symbol, storedMs, periods, firstStart, readTo, limit), periods);
        if (fill == Fill.NONE) {
            return new Answer(rolled.size() > limit ? rolled.subList(0, limit) : rolled, storedMs);
        }
        BigDecimal previousClose = rolled.isEmpty() || rolled.get(0).windowStartMs() > firstStart
                ? closeBefore(symbol, storedMs, firstStart)
                : null;
        long lastBar = rolled.isEmpty()
                ? Long.MIN_VALUE
                : rolled.get(rolled.size() - 1).windowStartMs();
        long lastFilled = fill == Fill.WHOLE_RANGE
                ? Math.max(lastBar, Math.min(lastStart, periods.startOf(clock.getAsLong())))
                : lastBar;
        return new Answer(
                BarRollup.fill(symbol, rolled, periods, firstStart, lastFilled, previousClose, limit), storedMs);
    }

    /** The bar of {@code periods} that holds {@code timeMs}, when one is stored or can be rolled up. */
    public Optional<DecimalBar> barAt(String symbol, BarPeriods periods, long timeMs) {
        long start = periods.startOf(timeMs);
        return bars(symbol, periods, start, start, Fill.NONE, 1).bars().stream().findFirst();
    }

    /**
     * The latest {@code limit} bars of {@code symbol} whose period starts between {@code fromMs} and
     * {@code toMs}, oldest first, each complete: every stored bar of a period is read or none is.
     * Periods without trades have no bar and do not count. What the dashboard's history shows.
     *
     * <p>The stored size is chosen as {@link #bars} chooses it, over the range the latest periods
     * span: those periods are first found in the coarsest stored size that builds them, so a range
     * reaching back to before the job stored that size (where the finer size alone covers it) is
     * still read from the coarse bars when its latest {@code limit} periods are. A read stops after
     * {@link #MAX_LATEST_STORED_BARS} stored bars, leaving out the oldest period it may have cut.
     *
     * @throws NotBuildable when bars of the symbol are stored but none of a size that builds {@code periods}
     */
    public Answer latest(String symbol, BarPeriods periods, long fromMs, long toMs, int limit) {
        long firstStart = periods.firstStartAtOrAfter(fromMs);
        long lastStart = periods.startOf(toMs);
        if (lastStart < firstStart || limit <= 0) {
            return new Answer(List.of(), 0);
        }
        long readTo = periods.endOf(lastStart) - 1;
        OptionalLong coarsest = buildableSizes(periods, firstStart, readTo).stream()
                .filter(size -> hasBar(symbol, size, firstStart, readTo))
                .mapToLong(Long::longValue)
                .findFirst();
        if (coarsest.isEmpty()) {
            OptionalLong source = source(symbol, periods, firstStart, readTo);
            return new Answer(List.of(), source.orElse(0));
        }
        List<DecimalBar> coarse = readLatest(symbol, coarsest.getAsLong(), periods, firstStart, readTo, limit);
        long spanFrom = firstStart;
        if (!coarse.isEmpty() && periodCount(periods, coarse) >= limit) {
            spanFrom = periods.startOf(coarse.get(0).windowStartMs());
        }
        long storedMs = source(symbol, periods, spanFrom, readTo).orElseThrow();
        List<DecimalBar> read = storedMs == coarsest.getAsLong()
                ? coarse
                : readLatest(symbol, storedMs, periods, spanFrom, readTo, limit);
        return new Answer(BarRollup.rollUp(read, periods), storedMs);
    }

    /** The sizes stored for {@code symbol}, among {@link #PROBED_SIZES}, finest first. */
    public List<Long> storedSizes(String symbol) {
        List<Long> stored = new ArrayList<>();
        for (long size : PROBED_SIZES) {
            if (hasBar(symbol, size, 0, Long.MAX_VALUE)) {
                stored.add(size);
            }
        }
        return stored;
    }

    /**
     * The stored size to build {@code periods} from between the two times: {@link #sourceSize}, or
     * when no size that builds them has a bar there, the coarsest stored one that builds them (the
     * read finds nothing); empty when the symbol has no bars stored.
     *
     * @throws NotBuildable when bars of the symbol are stored but none of a size that builds {@code periods}
     */
    private OptionalLong source(String symbol, BarPeriods periods, long fromMs, long toMs) {
        OptionalLong source = sourceSize(symbol, periods, fromMs, toMs);
        if (source.isPresent()) {
            return source;
        }
        List<Long> stored = storedSizes(symbol);
        if (stored.isEmpty()) {
            return OptionalLong.empty();
        }
        source = stored.stream()
                .filter(s -> periods.canBuildFrom(s, fromMs, toMs))
                .mapToLong(Long::longValue)
                .max();
        if (source.isEmpty()) {
            throw new NotBuildable(notBuildable(symbol, periods, stored));
        }
        return source;
    }

    /** The sizes looked for that build {@code periods} between the two times, coarsest first. */
    private static List<Long> buildableSizes(BarPeriods periods, long fromMs, long toMs) {
        List<Long> candidates = new ArrayList<>(PROBED_SIZES);
        if (periods instanceof BarPeriods.Fixed fixed && !candidates.contains(fixed.ms())) {
            candidates.add(fixed.ms());
        }
        candidates.sort(Comparator.reverseOrder());
        return candidates.stream()
                .filter(size -> periods.canBuildFrom(size, fromMs, toMs))
                .toList();
    }

    /**
     * The coarsest size that builds {@code periods} and has a bar between the two times, where no
     * finer size that builds them has a bar before its first one or after its last one. The Flink
     * job rolls its coarse sizes up from the finer ones, so where both are stored they hold the
     * same trades; a range reaching into a part stored without the coarse size (before the job
     * had it, or after it was dropped from {@code bars.windows}) is read from the finer size.
     */
    private OptionalLong sourceSize(String symbol, BarPeriods periods, long fromMs, long toMs) {
        List<Long> buildable = buildableSizes(periods, fromMs, toMs);
        for (int i = 0; i < buildable.size(); i++) {
            long size = buildable.get(i);
            OptionalLong first = edge(symbol, size, fromMs, toMs, true);
            if (first.isEmpty()) {
                continue;
            }
            long coveredTo = edge(symbol, size, fromMs, toMs, false).orElseThrow() + size - 1;
            List<Long> finer = buildable.subList(i + 1, buildable.size());
            if (!finerBarBetween(symbol, finer, fromMs, first.getAsLong() - 1)
                    && !finerBarBetween(symbol, finer, coveredTo + 1, toMs)) {
                return OptionalLong.of(size);
            }
        }
        return OptionalLong.empty();
    }

    /** Whether one of {@code finer} has a bar from {@code fromMs} to {@code toMs}. */
    private boolean finerBarBetween(String symbol, List<Long> finer, long fromMs, long toMs) {
        return toMs >= fromMs && finer.stream().anyMatch(size -> hasBar(symbol, size, fromMs, toMs));
    }

    private boolean hasBar(String symbol, long size, long fromMs, long toMs) {
        return edge(symbol, size, fromMs, toMs, true).isPresent();
    }

    /**
     * Stored bars in the range, in order, and no more of them than cover {@code periodLimit} periods.
     * A long range is read as a few Queries over consecutive parts at once: the emulator (or DynamoDB)
     * serves one part while this JVM parses another. A range with more periods than the limit is
     * read from its start, stopping at the limit.
     */
    private List<DecimalBar> read(
            String symbol, long storedMs, BarPeriods periods, long fromMs, long toMs, int periodLimit) {
        if ((toMs - fromMs) / storedMs < PARALLEL_FROM_BARS) {
            return readInOrder(symbol, storedMs, periods, fromMs, toMs, periodLimit);
        }
        OptionalLong first = edge(symbol, storedMs, fromMs, toMs, true);
        OptionalLong last = edge(symbol, storedMs, fromMs, toMs, false);
        if (first.isEmpty() || last.isEmpty()) {
            return List.of();
        }
        long from = first.getAsLong();
        long to = last.getAsLong();
        if ((to - from) / storedMs < PARALLEL_FROM_BARS
                || periodsBetween(periods, from, to, periodLimit) > periodLimit) {
            return readInOrder(symbol, storedMs, periods, from, to, periodLimit);
        }
        long partMs = ((to - from) / storedMs / PARTS + 1) * storedMs;
        ExecutorService pool = Executors.newFixedThreadPool(PARTS);
        try {
            List<Future<List<DecimalBar>>> parts = new ArrayList<>();
            for (long partFrom = from; partFrom <= to; partFrom += partMs) {
                long a = partFrom;
                long b = Math.min(to, partFrom + partMs - 1);
                parts.add(pool.submit(() -> readInOrder(symbol, storedMs, periods, a, b, Integer.MAX_VALUE)));
            }
            List<DecimalBar> bars = new ArrayList<>();
            for (Future<List<DecimalBar>> part : parts) {
                bars.addAll(part.get());
            }
            return bars;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading bars of " + symbol, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException("reading bars of " + symbol + " failed", e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private List<DecimalBar> readInOrder(
            String symbol, long storedMs, BarPeriods periods, long fromMs, long toMs, int periodLimit) {
        QueryRequest request = range(symbol, storedMs, fromMs, toMs)
                .projectionExpression(BAR_ATTRIBUTES)
                .expressionAttributeNames(NAMES)
                .build();
        return readPeriods(request, symbol, storedMs, periods, periodLimit, Integer.MAX_VALUE);
    }

    /**
     * The stored bars of the latest {@code periodLimit} periods in the range that have any, in
     * order: read newest first, so every bar of each period returned is read. Stops after
     * {@link #MAX_LATEST_STORED_BARS}, then leaves out the oldest period, which it may have cut.
     */
    private List<DecimalBar> readLatest(
            String symbol, long storedMs, BarPeriods periods, long fromMs, long toMs, int periodLimit) {
        long lastPeriod = periods.startOf(toMs);
        long perPeriod = Math.max(1, (periods.endOf(lastPeriod) - lastPeriod) / storedMs);
        // Pages near what the limit needs: DynamoDB would otherwise read up to 1 MB for a few bars.
        int pageSize = (int) Math.min(1_000, Math.max(10, (periodLimit + 1L) * perPeriod));
        QueryRequest request = range(symbol, storedMs, fromMs, toMs)
                .scanIndexForward(false)
                .limit(pageSize)
                .projectionExpression(BAR_ATTRIBUTES)
                .expressionAttributeNames(NAMES)
                .build();
        List<DecimalBar> newestFirst =
                readPeriods(request, symbol, storedMs, periods, periodLimit, MAX_LATEST_STORED_BARS);
        Collections.reverse(newestFirst);
        return newestFirst;
    }

    /**
     * The bars {@code request} pages out, in its order, up to the first {@code periodLimit}
     * periods. After {@code maxBars} it stops and leaves out the last period it read, which it
     * may have cut.
     */
    private List<DecimalBar> readPeriods(
            QueryRequest request, String symbol, long storedMs, BarPeriods periods, int periodLimit, int maxBars) {
        List<DecimalBar> bars = new ArrayList<>();
        long period = Long.MIN_VALUE;
        int periodsSeen = 0;
        for (Map<String, AttributeValue> item : dynamo.queryPaginator(request).items()) {
            DecimalBar bar = bar(symbol, storedMs, item);
            long start = periods.startOf(bar.windowStartMs());
            if (start != period) {
                if (++periodsSeen > periodLimit) {
                    break;
                }
                period = start;
            }
            if (bars.size() >= maxBars) {
                long cut = period;
                bars.removeIf(b -> periods.startOf(b.windowStartMs()) == cut);
                break;
            }
            bars.add(bar);
        }
        return bars;
    }

    private static int periodCount(BarPeriods periods, List<DecimalBar> bars) {
        return (int) bars.stream()
                .mapToLong(b -> periods.startOf(b.windowStartMs()))
                .distinct()
                .count();
    }

    /** The window start of the first (or last) stored bar in the range. */
    private OptionalLong edge(String symbol, long storedMs, long fromMs, long toMs, boolean first) {
        List<Map<String, AttributeValue>> items = dynamo.query(range(symbol, storedMs, fromMs, toMs)
                        .scanIndexForward(first)
                        .limit(1)
                        .projectionExpression("#t")
                        .expressionAttributeNames(Map.of("#s", BarsTable.PARTITION_KEY, "#t", BarsTable.SORT_KEY))
                        .build())
                .items();
        return items.isEmpty()
                ? OptionalLong.empty()
                : OptionalLong.of(
                        Long.parseLong(items.get(0).get(BarsTable.SORT_KEY).n()));
    }

    /** How many periods the two times span, counting no further than {@code limit + 1}. */
    private static int periodsBetween(BarPeriods periods, long fromMs, long toMs, int limit) {
        int count = 0;
        for (long start = periods.startOf(fromMs); start <= toMs && count <= limit; start = periods.endOf(start)) {
            count++;
        }
        return count;
    }

    private BigDecimal closeBefore(String symbol, long storedMs, long timeMs) {
        if (timeMs <= 0) {
            return null;
        }
        List<Map<String, AttributeValue>> items = dynamo.query(range(symbol, storedMs, 0, timeMs - 1)
                        .scanIndexForward(false)
                        .limit(1)
                        .projectionExpression(BAR_ATTRIBUTES)
                        .expressionAttributeNames(NAMES)
                        .build())
                .items();
        return items.isEmpty() ? null : bar(symbol, storedMs, items.get(0)).close();
    }

    private QueryRequest.Builder range(String symbol, long size, long fromMs, long toMs) {
        return QueryRequest.builder()
                .tableName(table)
                .keyConditionExpression("#s = :series AND #t BETWEEN :from AND :to")
                .expressionAttributeValues(Map.of(
                        ":series", AttributeValue.fromS(BarsTable.series(symbol, size)),
                        ":from", AttributeValue.fromN(Long.toString(Math.max(0, fromMs))),
                        ":to", AttributeValue.fromN(Long.toString(toMs))));
    }

    /** An item as a bar. The stored VWAP is not read: turnover is what sums exactly. */
    static DecimalBar bar(String symbol, long storedMs, Map<String, AttributeValue> item) {
        long start = Long.parseLong(item.get(BarsTable.SORT_KEY).n());
        return new DecimalBar(
                symbol,
                start,
                start + storedMs,
                number(item, BarsTable.OPEN),
                number(item, BarsTable.HIGH),
                number(item, BarsTable.LOW),
                number(item, BarsTable.CLOSE),
                number(item, BarsTable.VOLUME),
                number(item, BarsTable.TURNOVER),
                number(item, BarsTable.TRADES).longValueExact(),
                false);
    }

    private static BigDecimal number(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null || value.n() == null ? BigDecimal.ZERO : new BigDecimal(value.n());
    }

    private static String notBuildable(String symbol, BarPeriods periods, List<Long> stored) {
        String sizes = stored.stream().map(WindowSizes::label).collect(Collectors.joining(", "));
        String examples = WindowSizes.parseList("1m,5m,15m,30m,1h,4h,1d").stream()
                .filter(size -> stored.stream().anyMatch(s -> size % s == 0))
                .map(WindowSizes::label)
                .collect(Collectors.joining(", "));
        return "no " + periods.label() + " bars of " + symbol + " can be built from the " + sizes
                + " bars stored" + (periods instanceof BarPeriods.ZoneDays ? " in that time zone" : "")
                + "; sizes that can: multiples of " + sizes + (examples.isEmpty() ? "" : ", such as " + examples);
    }
}
