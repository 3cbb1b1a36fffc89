package dev.tradelake.launcher.dashboard;

import dev.tradelake.model.WindowSizes;
import java.util.List;

/**
 * The window sizes the dashboard offers. Their bars are read as {@code ./datalake query bars}
 * reads them ({@link dev.tradelake.launcher.tables.BarReader}: from the coarsest stored size that
 * builds them); the forming candle folds trades into bars of {@link #STORED_MS}.
 */
public final class ChartWindows {

    /**
     * The finest size the Flink job stores by default ({@code bars.windows} is {@code 1m,1h,1d}):
     * every size offered is made of it, and the forming candle folds live trades into it.
     */
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

    /**
     * Whether the page offers bars of this size: every size made of whole minutes. Static rather
     * than probed: the page asks once, before a fresh lake stores its first bar, and what can be
     * built depends on the symbol and the range; a request for a size that the symbol's stored
     * sizes cannot build gets {@code 400} with the reader's one line naming those that can.
     */
    public static boolean available(long windowMs) {
        return windowMs % STORED_MS == 0;
    }
}
