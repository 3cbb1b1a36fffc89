package dev.tradelake.launcher;

import dev.tradelake.launcher.tables.StoredItems;
import dev.tradelake.model.Bar;
import dev.tradelake.model.BarsTable;
import dev.tradelake.model.WindowSizes;
import java.io.PrintWriter;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What a person watching {@code ./datalake local} sees: trades per second in and stored, lag,
 * rejects, and on a terminal a live table of the latest bar of each symbol.
 */
final class ProgressView {

    private static final int MAX_SYMBOLS_SHOWN = 12;
    private static final String CLEAR_SCREEN = "\033[H\033[2J";
    private static final DateTimeFormatter CLOCK =
            DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

    private final PrintWriter out;
    private final LocalPipeline pipeline;
    private final long barWindowMs;
    private final boolean terminal = System.console() != null;
    private volatile Thread background;
    private long lastIn;
    private long lastStored;
    private long lastNanos = System.nanoTime();

    ProgressView(PrintWriter out, LocalPipeline pipeline, String windows) {
        this.out = out;
        this.pipeline = pipeline;
        this.barWindowMs = WindowSizes.parseList(windows).get(0);
    }

    /** For scripted runs: a progress line every {@code interval} until {@link #stop()}. */
    void startBackground(Duration interval) {
        background = new Thread(
                () -> {
                    try {
                        while (!Thread.currentThread().isInterrupted()) {
                            Thread.sleep(interval.toMillis());
                            out.println(statusLine());
                            out.flush();
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "datalake-progress");
        background.setDaemon(true);
        background.start();
    }

    void stop() {
        if (background != null) {
            background.interrupt();
        }
    }

    /** Interactive runs: redraws every second on a terminal, a line every 5 s otherwise, until {@code done}. */
    void runUntil(CountDownLatch done) throws InterruptedException {
        Duration interval = terminal ? Duration.ofSeconds(1) : Duration.ofSeconds(5);
        while (!done.await(interval.toMillis(), TimeUnit.MILLISECONDS)) {
            try {
                draw();
            } catch (RuntimeException e) {
                // An emulator that just died: the caller notices and stops; skip this frame.
            }
        }
    }

    private void draw() {
        {
            String status = statusLine();
            if (terminal) {
                out.print(CLEAR_SCREEN);
                out.println("tradelake local   (Ctrl-C stops everything in order)");
                out.println(status);
                out.println();
                for (String line : barsTable()) {
                    out.println(line);
                }
            } else {
                out.println(status);
            }
            out.flush();
        }
    }

    String statusLine() {
        LocalPipeline.Progress p = pipeline.progress();
        long now = System.nanoTime();
        double seconds = Math.max(1e-3, (now - lastNanos) / 1e9);
        long in = p.ingest().tradesAccepted();
        long stored = p.stored().tradesWritten();
        String line = String.format(
                "%s  in %,7.0f/s (%,d)  stored %,7.0f/s (%,d)  lag %.1f s  rejected %,d"
                        + "  dead-lettered %,d  reconnects %d",
                CLOCK.format(Instant.now()),
                (in - lastIn) / seconds,
                in,
                (stored - lastStored) / seconds,
                stored,
                p.lagMillis() / 1000.0,
                p.ingest().tradesRejected(),
                p.stored().recordsDeadLettered(),
                p.ingest().reconnects());
        lastIn = in;
        lastStored = stored;
        lastNanos = now;
        return line;
    }

    private List<String> barsTable() {
        TextTable table =
                new TextTable("symbol", "window (UTC)", "open", "high", "low", "close", "volume", "vwap", "trades");
        List<String> symbols = pipeline.symbols();
        for (String symbol : symbols.subList(0, Math.min(MAX_SYMBOLS_SHOWN, symbols.size()))) {
            Bar bar = latestBar(symbol);
            if (bar == null) {
                table.row(symbol, "-", "", "", "", "", "", "", "");
            } else {
                table.row(
                        symbol,
                        CLOCK.format(Instant.ofEpochMilli(bar.windowStartMs())),
                        Numbers.plain(bar.open()),
                        Numbers.plain(bar.high()),
                        Numbers.plain(bar.low()),
                        Numbers.plain(bar.close()),
                        Numbers.plain(bar.volume()),
                        bar.vwap().isPresent() ? Numbers.plain(bar.vwap().get().setScale(4, RoundingMode.HALF_UP)) : "",
                        Long.toString(bar.trades()));
            }
        }
        List<String> lines = new ArrayList<>(table.lines());
        lines.add(0, "Latest " + WindowSizes.label(barWindowMs) + " bars (bars table)");
        return lines;
    }

    private Bar latestBar(String symbol) {
        var items = pipeline.aws()
                .dynamoDb()
                .query(b -> b.tableName(LocalRunState.BARS_TABLE)
                        .keyConditionExpression("#pk = :series")
                        .expressionAttributeNames(Map.of("#pk", BarsTable.PARTITION_KEY))
                        .expressionAttributeValues(
                                Map.of(":series", AttributeValue.fromS(BarsTable.series(symbol, barWindowMs))))
                        .scanIndexForward(false)
                        .limit(1))
                .items();
        return items.isEmpty() ? null : StoredItems.bar(items.get(0));
    }
}
