package dev.tradelake.launcher.dashboard;

import dev.tradelake.model.Bar;
import dev.tradelake.model.WindowSizes;
import java.util.List;

/** Bars of any offered size between two times, made from the stored one-minute bars. */
final class BarHistory {

    /** The most one-minute bars one request reads (70 days). */
    private static final int MAX_STORED_BARS = 100_000;

    private BarHistory() {}

    /**
     * The bars whose window starts in {@code [fromMs, toMs]}: all of them, or the latest
     * {@code limit}. Every bar returned is complete: the windows are aligned on the epoch, and when
     * the limit cuts the stored bars short the oldest window, which may miss minutes, is left out.
     */
    static List<Bar> bars(Lake lake, String symbol, long windowMs, long fromMs, long toMs, int limit) {
        long firstStart = -Math.floorDiv(-fromMs, windowMs) * windowMs;
        long lastStart = WindowSizes.windowStart(toMs, windowMs);
        if (firstStart > lastStart) {
            return List.of();
        }
        long perWindow = windowMs / ChartWindows.STORED_MS;
        int storedLimit = (int) Math.min(MAX_STORED_BARS, (long) limit * perWindow);
        List<Bar> stored = lake.bars1m(symbol, firstStart, lastStart + windowMs - 1, storedLimit);
        List<Bar> bars = ChartWindows.rollUp(stored, windowMs);
        if (perWindow > 1 && stored.size() >= storedLimit && !bars.isEmpty()) {
            bars = bars.subList(1, bars.size());
        }
        return bars.size() > limit ? bars.subList(bars.size() - limit, bars.size()) : bars;
    }
}
