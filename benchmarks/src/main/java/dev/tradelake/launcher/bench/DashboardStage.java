package dev.tradelake.launcher.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tradelake.flink.BarItemConverter;
import dev.tradelake.lambda.TradeItems;
import dev.tradelake.launcher.dashboard.DashboardServer;
import dev.tradelake.launcher.dashboard.DynamoLake;
import dev.tradelake.launcher.dashboard.Health;
import dev.tradelake.launcher.dashboard.Lake;
import dev.tradelake.launcher.testing.BatchLoad;
import dev.tradelake.local.aws.LocalAws;
import dev.tradelake.model.Bar;
import dev.tradelake.model.BarRollup;
import dev.tradelake.model.Percentiles;
import dev.tradelake.model.Trade;
import dev.tradelake.model.WindowSizes;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The dashboard over the DynamoDB emulator, through its HTTP API as a page uses it: a day of 1m
 * bars of one symbol from {@code /api/bars}, next to the bare read of the same bars; a month of 1h
 * and of 1d bars with the job's default sizes (1m, 1h, 1d) stored; and, at a
 * paced 1,000 trades/s written to the trades table as the Lambda writes them, the time from a
 * trade's write returning to the forming candle that counts it arriving on {@code /api/stream}.
 */
public final class DashboardStage {

    static final String STAGE = Stage.DASHBOARD.label();
    private static final long MINUTE = 60_000;
    private static final long DAY = 86_400_000;
    /** 2026-11-15T00:00:00Z: any UTC midnight would do. */
    private static final long DAY_START = 1_794_700_800_000L;

    private static final long HOUR = 3_600_000;
    private static final int MONTH_DAYS = 30;
    /** The 30 days before {@link #DAY_START}. */
    private static final long MONTH_START = DAY_START - MONTH_DAYS * DAY;

    private static final int RATE = 1_000;
    private static final int BATCH = 25;
    private static final ObjectMapper JSON = new ObjectMapper();

    private DashboardStage() {}

    public static List<Figure> run(BenchContext ctx) throws Exception {
        LocalAws aws = ctx.aws();
        DynamoDbClient dynamo = aws.dynamoDb();
        String trades = LocalAws.uniqueName("bench-dash-trades");
        String bars = LocalAws.uniqueName("bench-dash-bars");
        aws.createTradesTable(trades);
        aws.createBarsTable(bars);
        BatchLoad.write(dynamo, bars, items(minutes("DAY", DAY_START, 1)));
        // A month as the job stores it by default: 1m bars, 1h rolled up from them, 1d from the 1h.
        List<Bar> monthOfMinutes = minutes("MONTH", MONTH_START, MONTH_DAYS);
        List<Bar> monthOfHours = BarRollup.rollUpBars(monthOfMinutes, HOUR);
        BatchLoad.write(dynamo, bars, items(monthOfMinutes));
        BatchLoad.write(dynamo, bars, items(monthOfHours));
        BatchLoad.write(dynamo, bars, items(BarRollup.rollUpBars(monthOfHours, DAY)));
        Lake lake = new DynamoLake(dynamo, trades, bars, List::of);
        Health.Source health = () -> new Health(false, null, null, null, null, null, null, null, null, null);
        List<Figure> figures = new ArrayList<>();
        try (DashboardServer server = DashboardServer.start(new InetSocketAddress("127.0.0.1", 0), lake, health)) {
            // HTTP/1.1 as a browser speaks it to a plain-http server (no h2c upgrade on every request).
            HttpClient http = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5))
                    .build();
            int rounds = ctx.quick() ? 5 : 9;
            URI dayUri = server.uri()
                    .resolve("/api/bars?symbol=DAY&window=1m&from=" + DAY_START + "&to=" + (DAY_START + DAY - 1));
            Call viaApi = () -> {
                String body = http.send(HttpRequest.newBuilder(dayUri).build(), HttpResponse.BodyHandlers.ofString())
                        .body();
                if (!body.startsWith("[{")) {
                    throw new IllegalStateException("no bars: " + body);
                }
            };
            Call bareRead = () -> lake.bars("DAY", MINUTE, DAY_START, DAY_START + DAY - 1, Integer.MAX_VALUE);
            // Alternated, so that both see the emulator and the machine in the same state.
            double[][] timed = timeAlternating(rounds, viaApi, bareRead);
            double[] api = timed[0];
            double[] bare = timed[1];
            ctx.say(
                    "dashboard: a day of 1m bars from /api/bars in %.0f ms (the table read alone %.0f ms); medians of %d",
                    median(api), median(bare), rounds);
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("bars", (int) (DAY / MINUTE));
            d.put("median_of", rounds);
            d.put("min_ms", round(api[0]));
            d.put("max_ms", round(api[api.length - 1]));
            figures.add(Figure.of(
                            STAGE,
                            "day_of_1m_bars_ms",
                            "a day of 1m bars of one symbol: GET /api/bars",
                            median(api),
                            "ms")
                    .against(Figure.Reference.baseline(
                            "the same bars read from the table, no HTTP or JSON", median(bare)))
                    .target(Figure.Target.below(300, "< 300 ms"))
                    .details(d));

            String month = "&from=" + MONTH_START + "&to=" + (MONTH_START + MONTH_DAYS * DAY - 1);
            URI hoursUri = server.uri().resolve("/api/bars?symbol=MONTH&window=1h" + month);
            URI daysUri = server.uri().resolve("/api/bars?symbol=MONTH&window=1d" + month);
            double[][] monthTimed = timeAlternating(
                    rounds, () -> expectBars(http, hoursUri, 720), () -> expectBars(http, daysUri, MONTH_DAYS));
            ctx.say(
                    "dashboard: a month of 1h bars from /api/bars in %.0f ms, of 1d bars in %.0f ms (1m, 1h and 1d"
                            + " stored); medians of %d",
                    median(monthTimed[0]), median(monthTimed[1]), rounds);
            for (int i = 0; i < 2; i++) {
                String size = i == 0 ? "1h" : "1d";
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("bars", i == 0 ? 720 : MONTH_DAYS);
                m.put("stored", "1m, 1h, 1d");
                m.put("median_of", rounds);
                m.put("min_ms", round(monthTimed[i][0]));
                m.put("max_ms", round(monthTimed[i][rounds - 1]));
                figures.add(Figure.of(
                                STAGE,
                                "month_of_" + size + "_bars_ms",
                                "a month of " + size + " bars of one symbol, the job's default sizes stored: GET"
                                        + " /api/bars",
                                median(monthTimed[i]),
                                "ms")
                        .target(Figure.Target.below(300, "< 300 ms"))
                        .details(m));
            }

            int seconds = ctx.quick() ? 10 : 30;
            double[] latency = streamLatency(dynamo, trades, http, server.uri(), seconds);
            ctx.say(
                    "dashboard: trade stored -> forming candle on /api/stream at %,d trades/s for %d s: p50 %.0f ms,"
                            + " p99 %.0f ms, max %.0f ms (%,d trades)",
                    RATE,
                    seconds,
                    percentile(latency, 50),
                    percentile(latency, 99),
                    latency[latency.length - 1],
                    latency.length);
            Map<String, Object> l = new LinkedHashMap<>();
            l.put("trades", latency.length);
            l.put("rate_per_s", RATE);
            l.put("p50_ms", round(percentile(latency, 50)));
            l.put("max_ms", round(latency[latency.length - 1]));
            l.put("poll_ms", 250);
            figures.add(Figure.of(
                            STAGE,
                            "trade_to_forming_candle_p99_ms",
                            "trade stored -> forming candle via SSE at 1,000 trades/s, p99",
                            percentile(latency, 99),
                            "ms")
                    .target(Figure.Target.below(1_000, "< 1 s"))
                    .details(l));
        } finally {
            dynamo.deleteTable(b -> b.tableName(trades));
            dynamo.deleteTable(b -> b.tableName(bars));
        }
        return figures;
    }

    /**
     * Writes trades of symbol LIVE at {@link #RATE} per second, 25 per BatchWriteItem, their times the
     * wall clock, while one stream is open; a trade is shown when a {@code bar} event of its window
     * counts it (the stream folds trades in the order they were stored: one writer here).
     */
    private static double[] streamLatency(DynamoDbClient dynamo, String table, HttpClient http, URI server, int seconds)
            throws Exception {
        HttpResponse<InputStream> stream = http.send(
                HttpRequest.newBuilder(server.resolve("/api/stream?symbol=LIVE&window=1m"))
                        .build(),
                HttpResponse.BodyHandlers.ofInputStream());
        Map<Long, List<Long>> storedNanosByWindow = new HashMap<>();
        List<Double> latencies = new ArrayList<>();
        Thread reader = new Thread(
                () -> {
                    Map<Long, Integer> shown = new HashMap<>();
                    try (BufferedReader events =
                            new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
                        String line;
                        boolean bar = false;
                        while ((line = events.readLine()) != null) {
                            if (line.startsWith("event: ")) {
                                bar = line.equals("event: bar");
                            } else if (bar && line.startsWith("data: ")) {
                                long now = System.nanoTime();
                                JsonNode data = JSON.readTree(line.substring("data: ".length()));
                                if (data.has("window_start_ms") && data.has("trades")) {
                                    long window = data.get("window_start_ms").asLong();
                                    int count = data.get("trades").asInt();
                                    synchronized (storedNanosByWindow) {
                                        List<Long> stored = storedNanosByWindow.getOrDefault(window, List.of());
                                        int from = shown.getOrDefault(window, 0);
                                        for (int i = from; i < Math.min(count, stored.size()); i++) {
                                            latencies.add(Math.max(0, now - stored.get(i)) / 1e6);
                                        }
                                        shown.put(window, Math.max(from, Math.min(count, stored.size())));
                                    }
                                }
                            }
                        }
                    } catch (java.io.IOException e) {
                        // the stream closes when the stage ends
                    }
                },
                "bench-dashboard-stream");
        reader.setDaemon(true);
        reader.start();

        Random random = new Random(14);
        long start = System.nanoTime();
        long batches = (long) seconds * RATE / BATCH;
        long lastMs = -1;
        int seq = 0;
        for (long b = 0; b < batches; b++) {
            long due = start + b * 1_000_000_000L * BATCH / RATE;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            List<Map<String, AttributeValue>> items = new ArrayList<>(BATCH);
            List<Long> windows = new ArrayList<>(BATCH);
            for (int i = 0; i < BATCH; i++) {
                long now = Math.max(System.currentTimeMillis(), lastMs);
                seq = now == lastMs ? seq + 1 : 0;
                lastMs = now;
                Trade t = new Trade(
                        "LIVE", now, seq, 100 + random.nextInt(100) / 100.0, 1 + random.nextInt(500), List.of(), now);
                items.add(TradeItems.item(t, now, 0));
                windows.add(WindowSizes.windowStart(now, MINUTE));
            }
            BatchLoad.write(dynamo, table, items);
            long storedAt = System.nanoTime();
            synchronized (storedNanosByWindow) {
                for (long w : windows) {
                    storedNanosByWindow
                            .computeIfAbsent(w, k -> new ArrayList<>())
                            .add(storedAt);
                }
            }
        }
        // The last trades: at most a few polls more.
        long written = batches * BATCH;
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            synchronized (storedNanosByWindow) {
                if (latencies.size() >= written) {
                    break;
                }
            }
            Thread.sleep(50);
        }
        stream.body().close();
        double[] sorted;
        synchronized (storedNanosByWindow) {
            if (latencies.size() < written) {
                throw new IllegalStateException("the stream showed " + latencies.size() + " of " + written + " trades");
            }
            sorted =
                    latencies.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        }
        return sorted;
    }

    /** A day of 1m bars, every minute traded. */
    /** Every minute of {@code days} days from {@code from}, a random walk of prices. */
    private static List<Bar> minutes(String symbol, long from, int days) {
        Random random = new Random(16);
        List<Bar> bars = new ArrayList<>();
        long cents = 10_000;
        for (long start = from; start < from + days * DAY; start += MINUTE) {
            long open = cents;
            cents = Math.max(100, cents + random.nextInt(21) - 10);
            double volume = 1 + random.nextInt(5_000);
            double high = Math.max(open, cents) / 100.0 + 0.01;
            double low = Math.min(open, cents) / 100.0 - 0.01;
            bars.add(new Bar(
                    symbol,
                    MINUTE,
                    start,
                    open / 100.0,
                    high,
                    low,
                    cents / 100.0,
                    volume,
                    volume * (open + cents) / 200.0,
                    1 + random.nextInt(50)));
        }
        return bars;
    }

    private static List<Map<String, AttributeValue>> items(List<Bar> bars) {
        List<Map<String, AttributeValue>> items = new ArrayList<>(bars.size());
        for (Bar b : bars) {
            items.add(BarItemConverter.toItem(b, b.windowEndMs()));
        }
        return items;
    }

    private interface Call {
        void run() throws Exception;
    }

    /** Two warm-up calls of each, then {@code rounds} timed calls of each in turn; each sorted. */
    private static void expectBars(HttpClient http, URI uri, int count) throws Exception {
        JsonNode bars =
                JSON.readTree(http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString())
                        .body());
        if (bars.size() != count) {
            throw new IllegalStateException(uri + " answered " + bars.size() + " bars, not " + count);
        }
    }

    private static double[][] timeAlternating(int rounds, Call a, Call b) throws Exception {
        for (int i = 0; i < 2; i++) {
            a.run();
            b.run();
        }
        double[][] ms = new double[2][rounds];
        for (int i = 0; i < rounds; i++) {
            long t0 = System.nanoTime();
            a.run();
            long t1 = System.nanoTime();
            b.run();
            long t2 = System.nanoTime();
            ms[0][i] = (t1 - t0) / 1e6;
            ms[1][i] = (t2 - t1) / 1e6;
        }
        Arrays.sort(ms[0]);
        Arrays.sort(ms[1]);
        return ms;
    }

    private static double median(double[] sorted) {
        return Percentiles.nearestRank(sorted, 50);
    }

    private static double percentile(double[] sorted, double p) {
        return Percentiles.nearestRank(sorted, p);
    }

    private static double round(double ms) {
        return Math.round(ms * 10) / 10.0;
    }
}
