package dev.tradelake.launcher.dashboard;

import dev.tradelake.flink.BarAccumulator;
import dev.tradelake.launcher.tables.StoredItems.StoredTrade;
import dev.tradelake.model.BarPeriods;
import dev.tradelake.model.BarRollup;
import dev.tradelake.model.DecimalBar;
import dev.tradelake.model.WindowSizes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The candle of the latest window of one symbol while its trades arrive: the stored one-minute
 * bars of that window, then every trade stored after them folded into one-minute bars, rolled up
 * to the window's size by {@link BarRollup}, the rollup the history is read with (and the Flink
 * job stores its coarse sizes with), so the candle is the bar the history will show. A trade of a later window starts the
 * next candle; a trade of an earlier window, or one the stored bars already hold, is late here
 * and counted (its bar in the table is the Flink job's business).
 */
final class FormingBar {

    private final String symbol;
    private final long windowMs;
    private long windowStartMs = Long.MIN_VALUE;
    private List<DecimalBar> storedBars = List.of();
    private long cutMs;
    private final TreeMap<Long, BarAccumulator> minutes = new TreeMap<>();
    private long late;

    FormingBar(String symbol, long windowMs) {
        this.symbol = symbol;
        this.windowMs = windowMs;
    }

    /**
     * Starts the candle of the window at {@code windowStartMs} from the stored one-minute bars of it
     * that are final, which end at {@code cutMs}: trades before the cut are in them already.
     */
    void start(long windowStartMs, List<DecimalBar> storedBars, long cutMs) {
        this.windowStartMs = windowStartMs;
        this.storedBars = List.copyOf(storedBars);
        this.cutMs = cutMs;
        minutes.clear();
    }

    /** Folds a trade in; false when it is late for this candle and changes nothing. */
    boolean add(StoredTrade trade) {
        long time = trade.id().timeMs();
        long window = WindowSizes.windowStart(time, windowMs);
        if (window > windowStartMs) {
            start(window, List.of(), window);
        } else if (window < windowStartMs || time < cutMs) {
            late++;
            return false;
        }
        minutes.computeIfAbsent(WindowSizes.windowStart(time, ChartWindows.STORED_MS), m -> new BarAccumulator())
                .add(time, trade.id().seq(), trade.price(), trade.volume());
        return true;
    }

    /** The candle so far; empty before the first trade. */
    Optional<DecimalBar> bar() {
        List<DecimalBar> oneMinute = new ArrayList<>(storedBars);
        for (Map.Entry<Long, BarAccumulator> m : minutes.entrySet()) {
            oneMinute.add(DecimalBar.of(m.getValue().toBar(symbol, ChartWindows.STORED_MS, m.getKey())));
        }
        if (oneMinute.isEmpty()) {
            return Optional.empty();
        }
        return BarRollup.rollUp(oneMinute, new BarPeriods.Fixed(windowMs)).stream()
                .filter(b -> b.windowStartMs() == windowStartMs)
                .findFirst();
    }

    long windowStartMs() {
        return windowStartMs;
    }

    long lateTrades() {
        return late;
    }
}
