package dev.tradelake.launcher.dashboard;

import dev.tradelake.model.Bar;
import dev.tradelake.model.BarRollup;
import dev.tradelake.model.WindowSizes;
import java.util.List;

/**
 * The window sizes the dashboard offers and how each is made from the stored one-minute bars.
 *
 * <p>{@link #rollUp} is the dashboard's only call into {@link BarRollup}, the rollup
 * {@code ./datalake query bars --window} uses: the history, the API and the forming candle all
 * go through it, so the dashboard shows the bars the query prints.
 */
public final class ChartWindows {

    /** The size the Flink job stores and every other size is rolled up from. */
    public static final long STORED_MS = 60_000;
    /** In the order the page offers them. */
    public static final List<String> LABELS = List.of("1m", "5m", "15m", "1h", "1d");

    private ChartWindows() {}

    /** The size of a label of {@link #LABELS}; throws {@link IllegalArgumentException} for any other. */
    public static long parse(String label) {
        if (label == null || !LABELS.contains(label)) {
            throw new IllegalArgumentException("window must be one of " + String.join(", ", LABELS));
        }
        return WindowSizes.parseMs(label);
    }

    /** Whether bars of this size can be shown: every size made of whole stored bars. */
    public static boolean available(long windowMs) {
        return windowMs % STORED_MS == 0;
    }

    /**
     * One-minute bars of one symbol, by window start, rolled up into epoch-aligned windows of
     * {@code windowMs} (days are UTC days), summed exactly as decimals.
     */
    public static List<Bar> rollUp(List<Bar> oneMinute, long windowMs) {
        if (windowMs == STORED_MS || oneMinute.isEmpty()) {
            return oneMinute;
        }
        return BarRollup.rollUpBars(oneMinute, windowMs);
    }
}
