package dev.tradelake.launcher.dashboard;

import dev.tradelake.launcher.tables.StoredItems.StoredTrade;
import dev.tradelake.model.DecimalBar;
import dev.tradelake.model.TradeId;
import dev.tradelake.model.WindowSizes;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * New trades and the forming candle, pushed to each page as Server-Sent Events. One thread polls
 * the trades table for every open stream every {@link #POLL}: the same reads whether the
 * pipeline runs in this process or the tables are on AWS.
 *
 * <p>Events: {@code bar} (the forming candle, the keys of {@code /api/bars}) and {@code trades}
 * (the trades stored since the last event, oldest first, at most {@link #MAX_TRADES_PER_EVENT}).
 */
final class LiveFeed implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LiveFeed.class);

    static final Duration POLL = Duration.ofMillis(250);
    /**
     * Trades are stored by concurrent batch writes, so one with a smaller key can land just after
     * a larger one was read: each poll reads again from this far before the latest trade seen.
     */
    private static final long OVERLAP_MS = 300;

    private static final int MAX_TRADES_PER_EVENT = 50;
    private static final int MAX_TRADES_PER_POLL = 20_000;
    /** Enough for the trades after the last stored bar of a window at any rate a shard allows. */
    private static final int MAX_SEED_TRADES = 500_000;

    private static final long KEEP_ALIVE_MS = 15_000;

    private final Lake lake;
    private final List<Watcher> watchers = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "dashboard-live");
        t.setDaemon(true);
        return t;
    });

    LiveFeed(Lake lake) {
        this.lake = lake;
        poller.scheduleWithFixedDelay(this::pollAll, POLL.toMillis(), POLL.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Seeds the forming candle of {@code symbol} from the tables, sends it, and keeps {@code out} updated. */
    void open(String symbol, long windowMs, OutputStream out) throws IOException {
        Watcher w = new Watcher(symbol, windowMs, out);
        w.seed();
        watchers.add(w);
    }

    int openStreams() {
        return watchers.size();
    }

    private void pollAll() {
        for (Watcher w : watchers) {
            try {
                w.poll();
            } catch (IOException e) {
                // The page went away.
                w.close();
                watchers.remove(w);
            } catch (RuntimeException e) {
                // The tables may be briefly unreachable; the next poll tries again.
                LOG.debug("Polling trades of {} failed", w.symbol, e);
            }
        }
    }

    @Override
    public void close() {
        poller.shutdownNow();
        try {
            poller.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Watcher w : watchers) {
            w.close();
        }
        watchers.clear();
    }

    private final class Watcher {
        final String symbol;
        final long windowMs;
        final OutputStream out;
        final FormingBar forming;
        /** Keys of the trades read within {@link #OVERLAP_MS} of the latest one. */
        final TreeSet<String> seen = new TreeSet<>();

        long latestMs = -1;
        long lastWriteMs = System.currentTimeMillis();

        Watcher(String symbol, long windowMs, OutputStream out) {
            this.symbol = symbol;
            this.windowMs = windowMs;
            this.out = out;
            this.forming = new FormingBar(symbol, windowMs);
        }

        void seed() throws IOException {
            Optional<StoredTrade> latest = lake.latestTrade(symbol);
            if (latest.isPresent()) {
                long time = latest.get().id().timeMs();
                long windowStart = WindowSizes.windowStart(time, windowMs);
                long minuteStart = WindowSizes.windowStart(time, ChartWindows.STORED_MS);
                List<DecimalBar> stored = windowStart < minuteStart
                        ? lake.bars(symbol, ChartWindows.STORED_MS, windowStart, minuteStart - 1, Integer.MAX_VALUE)
                        : List.of();
                long cut = stored.isEmpty()
                        ? windowStart
                        : stored.get(stored.size() - 1).windowEndMs();
                forming.start(windowStart, stored, cut);
                List<StoredTrade> trades = lake.tradesFrom(symbol, cut, MAX_SEED_TRADES);
                trades.forEach(forming::add);
                remember(trades);
            }
            writeComment("stream of " + symbol + " " + WindowSizes.label(windowMs));
            Optional<DecimalBar> bar = forming.bar();
            if (bar.isPresent()) {
                writeBar(bar.get());
            }
            out.flush();
        }

        void poll() throws IOException {
            List<StoredTrade> read = latestMs < 0
                    ? lake.tradesFrom(symbol, 0, MAX_TRADES_PER_POLL)
                    : lake.tradesFrom(symbol, Math.max(0, latestMs - OVERLAP_MS), MAX_TRADES_PER_POLL);
            List<StoredTrade> fresh =
                    read.stream().filter(t -> !seen.contains(t.id().sortKey())).toList();
            boolean changed = false;
            for (StoredTrade t : fresh) {
                if (changed && WindowSizes.windowStart(t.id().timeMs(), windowMs) > forming.windowStartMs()) {
                    // The candle closes within this poll: show it with its last trades before the next starts.
                    writeBar(forming.bar().orElseThrow());
                    changed = false;
                }
                changed |= forming.add(t);
            }
            remember(fresh);
            long now = System.currentTimeMillis();
            if (!fresh.isEmpty()) {
                List<StoredTrade> tail = fresh.subList(Math.max(0, fresh.size() - MAX_TRADES_PER_EVENT), fresh.size());
                write("trades", DashboardJson.trades(tail));
            }
            if (changed) {
                Optional<DecimalBar> bar = forming.bar();
                if (bar.isPresent()) {
                    writeBar(bar.get());
                }
            }
            if (!fresh.isEmpty() || now - lastWriteMs >= KEEP_ALIVE_MS) {
                if (fresh.isEmpty()) {
                    writeComment("keep-alive");
                }
                out.flush();
                lastWriteMs = now;
            }
        }

        private void remember(List<StoredTrade> trades) {
            for (StoredTrade t : trades) {
                seen.add(t.id().sortKey());
                latestMs = Math.max(latestMs, t.id().timeMs());
            }
            if (latestMs >= 0) {
                seen.headSet(TradeId.sortKeyFloor(latestMs - OVERLAP_MS)).clear();
            }
        }

        private void writeBar(DecimalBar bar) throws IOException {
            write("bar", DashboardJson.bar(bar));
        }

        private void write(String event, String json) throws IOException {
            out.write(("event: " + event + "\ndata: " + json + "\n\n").getBytes(StandardCharsets.UTF_8));
        }

        private void writeComment(String text) throws IOException {
            out.write((": " + text + "\n\n").getBytes(StandardCharsets.UTF_8));
        }

        void close() {
            try {
                out.close();
            } catch (IOException e) {
                // already gone
            }
        }
    }
}
