package dev.tradelake.model;

import java.util.ArrayList;
import java.util.List;

/** Bar window sizes as people write them: {@code 500ms}, {@code 1s}, {@code 1m}, {@code 5m}, {@code 1h}, {@code 1d}. */
public final class WindowSizes {

    private WindowSizes() {}

    /** Parses one size; throws {@link IllegalArgumentException} naming the bad text. */
    public static long parseMs(String text) {
        long ms;
        try {
            ms = Durations.parseMs(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("window size " + e.getMessage(), e);
        }
        if (ms == 0) {
            throw new IllegalArgumentException("window size '" + text + "' must be positive");
        }
        return ms;
    }

    /** Parses a comma-separated list such as {@code 1s,1m,5m}. */
    public static List<Long> parseList(String text) {
        List<Long> sizes = new ArrayList<>();
        for (String part : text.split(",")) {
            if (!part.isBlank()) {
                sizes.add(parseMs(part));
            }
        }
        if (sizes.isEmpty()) {
            throw new IllegalArgumentException("no window size in '" + text + "'");
        }
        return sizes;
    }

    /** The shortest label for a size: 60000 -> {@code 1m}, 90000 -> {@code 90s}. */
    public static String label(long windowMs) {
        long[] units = {86_400_000, 3_600_000, 60_000, 1_000};
        String[] names = {"d", "h", "m", "s"};
        for (int i = 0; i < units.length; i++) {
            if (windowMs % units[i] == 0) {
                return windowMs / units[i] + names[i];
            }
        }
        return windowMs + "ms";
    }

    /** The start of the epoch-aligned window of {@code windowMs} that holds {@code timeMs}. */
    public static long windowStart(long timeMs, long windowMs) {
        return timeMs - Math.floorMod(timeMs, windowMs);
    }
}
