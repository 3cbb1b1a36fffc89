package dev.tradelake.launcher.dashboard;

import dev.tradelake.model.Bar;
import dev.tradelake.model.WindowSizes;
import java.util.List;

/**
 * The window sizes the dashboard offers and how each is made from the stored one-minute bars.
 *
 * <p>{@link #rollUp} is the dashboard's only call into the rollup of bars: the history, the API
 * and the forming candle all go through it, so that the dashboard shows exactly what
 * {@code ./datalake query bars --window} prints.
 */
public final class ChartWindows {

    /** The size the Flink job stores and every other size is rolled up from. */
    public static final long STORED_MS = 60_000;
    /** In the order the page offers them. */
    public static final List<String> LABELS = List.of("1m", "5m", "15m", "1h", "1d");

    private ChartWindows() {
    }

    /** The size of a label of {@link #LABELS}; throws {@link IllegalArgumentException} for any other. */
    public static long parse(String label) {
        if (label == null || !LABELS.contains(label)) {
            throw new IllegalArgumentException("window must be one of " + String.join(", ", LABELS));
        }
        long windowMs = WindowSizes.parseMs(label);
        if (!available(windowMs)) {
            throw new IllegalArgumentException("window " + label + " is not available yet: the rollup of stored bars is missing");
        }
        return windowMs;
    }

    /** Whether bars of this size can be shown (see {@link #rollUp}). */
    public static boolean available(long windowMs) {
        return windowMs == STORED_MS;
    }

    /**
     * One-minute bars of one symbol, by window start, rolled up into windows of {@code windowMs}.
     * ROLLUP CALL SITE: until the shared rollup of the query command is merged only the stored
     * size is offered; wire it here, and make {@link #available} true for every label.
     */
    public static List<Bar> rollUp(List<Bar> oneMinute, long windowMs) {
        if (windowMs == STORED_MS) {
            return oneMinute;
        }
        throw new IllegalArgumentException("window " + WindowSizes.label(windowMs) + " is not available yet");
    }
}
