package dev.tradelake.launcher.bench;

import dev.tradelake.local.aws.LocalAws;
import dev.tradelake.model.BarsTable;
import dev.tradelake.model.Percentiles;
import dev.tradelake.model.TradesTable;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Watches the bars table of a running {@code ./datalake local} (in another JVM) and notes when
 * each bar first appears: the time a bar is stored, to within the poll interval. Also samples
 * stored trades once for how far their trade time lags the wall clock (the local feed plays a
 * paced market from when the ingest subscribes, not from when the market was created).
 */
final class BarLatencyPoller implements AutoCloseable {

    private final Supplier<Optional<URI>> endpoint;
    private final String barsTable;
    private final String tradesTable;
    private final Duration interval;
    private final Map<String, Seen> bars = new ConcurrentHashMap<>();
    private final List<Long> feedLags = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;
    private DynamoDbClient dynamo;

    /** A bar as first seen: its window, when it was seen, and the sink's {@code updated_ms} then. */
    record Seen(long windowStartMs, long windowMs, long firstSeenMs, long updatedMs) {
        long windowEndMs() {
            return windowStartMs + windowMs;
        }
    }

    /**
     * @param latenciesMs window end (in the feed's wall-clock time) to the bar first seen stored, sorted
     * @param sinkMs      window end to the bar handed to the sink ({@code updated_ms}), sorted
     * @param feedLagMs   median of ingest time minus trade time over the sampled trades
     * @param barsSeen    every bar seen, including those closed by the quiet timeout and not counted
     */
    record Result(long[] latenciesMs, long[] sinkMs, long feedLagMs, int barsSeen) {}

    BarLatencyPoller(Supplier<Optional<URI>> endpoint, String barsTable, String tradesTable, Duration interval) {
        this.endpoint = endpoint;
        this.barsTable = barsTable;
        this.tradesTable = tradesTable;
        this.interval = interval;
        this.thread = new Thread(this::loop, "bench-bar-poller");
        this.thread.setDaemon(true);
    }

    static BarLatencyPoller start(
            Supplier<Optional<URI>> endpoint, String barsTable, String tradesTable, Duration interval) {
        BarLatencyPoller poller = new BarLatencyPoller(endpoint, barsTable, tradesTable, interval);
        poller.thread.start();
        return poller;
    }

    private void loop() {
        long lastLagSample = 0;
        while (running) {
            try {
                if (dynamo == null) {
                    endpoint.get()
                            .ifPresent(uri -> dynamo = LocalAws.configure(DynamoDbClient.builder(), uri)
                                    .build());
                }
                if (dynamo != null) {
                    pollBars();
                    if (feedLags.size() < 200 && System.currentTimeMillis() - lastLagSample > 3_000) {
                        lastLagSample = System.currentTimeMillis();
                        sampleFeedLag();
                    }
                }
            } catch (RuntimeException e) {
                // tables not created yet, or the run has stopped: try again
            }
            try {
                Thread.sleep(interval.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void pollBars() {
        dynamo.scanPaginator(b -> b.tableName(barsTable)).items().forEach(item -> {
            long seenAt = System.currentTimeMillis();
            String key = item.get(BarsTable.PARTITION_KEY).s() + "@"
                    + item.get(BarsTable.SORT_KEY).n();
            bars.computeIfAbsent(
                    key,
                    k -> new Seen(
                            number(item, BarsTable.SORT_KEY),
                            number(item, BarsTable.WINDOW_MS),
                            seenAt,
                            number(item, BarsTable.UPDATED_MS)));
        });
    }

    private void sampleFeedLag() {
        List<Long> lags = new ArrayList<>();
        dynamo.scan(b -> b.tableName(tradesTable).limit(200))
                .items()
                .forEach(item -> lags.add(number(item, TradesTable.INGEST_MS) - number(item, TradesTable.TIME)));
        synchronized (feedLags) {
            feedLags.addAll(lags);
        }
    }

    private static long number(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null || v.n() == null ? 0 : (long) Double.parseDouble(v.n());
    }

    /**
     * The bars that event time closed: their window ended at least {@code boundMs} before the last
     * trade, so a later trade's watermark passed it. The others were closed by the quiet timeout
     * at the end of the feed, which says nothing about the pipeline's latency.
     */
    Result result(long lastTradeMs, long boundMs) {
        long lag;
        synchronized (feedLags) {
            lag = feedLags.isEmpty() ? 0 : feedLags.stream().sorted().toList().get(feedLags.size() / 2);
        }
        List<Long> stored = new ArrayList<>();
        List<Long> sink = new ArrayList<>();
        for (Seen s : bars.values()) {
            if (s.windowEndMs() + boundMs <= lastTradeMs) {
                long endOnWallClock = s.windowEndMs() + lag;
                stored.add(s.firstSeenMs() - endOnWallClock);
                sink.add(s.updatedMs() - endOnWallClock);
            }
        }
        return new Result(
                stored.stream().mapToLong(Long::longValue).sorted().toArray(),
                sink.stream().mapToLong(Long::longValue).sorted().toArray(),
                lag,
                bars.size());
    }

    static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return -1;
        }
        return Percentiles.nearestRank(sorted, p);
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (dynamo != null) {
            dynamo.close();
        }
    }

    /** For the work directory of a child run, as {@code BenchContext.LocalRuns} resolves it. */
    static Supplier<Optional<URI>> endpointOf(BenchContext.LocalRuns runs, Path workDir) {
        return () -> runs.dynamoDbEndpoint(workDir);
    }
}
