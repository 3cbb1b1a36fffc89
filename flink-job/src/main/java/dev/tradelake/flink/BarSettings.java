package dev.tradelake.flink;

import dev.tradelake.model.WindowSizes;
import java.io.Serializable;
import java.util.List;

/**
 * How the job turns trades into bars: everything about event time and windows, nothing about
 * where trades come from or where bars go (that is {@link BarsJobConfig}).
 *
 * @param windowsMs            bar sizes, epoch-aligned tumbling windows (default {@code [60000]})
 * @param outOfOrdernessMs     how far behind the newest trade of its symbol a trade may arrive and still be on
 *                             time (default 5000)
 * @param idlenessMs           processing time without trades after which a symbol no longer holds the watermark
 *                             back, and a subtask is marked idle (default 10000)
 * @param allowedLatenessMs    how long after its window closed a trade still updates, and re-emits, its bar
 *                             (default 60000); later trades go to the late-trades side output
 * @param closeAfterQuietMs    processing time without any trade after which every open window is closed, so the
 *                             last bar of a feed that went quiet is written (default 10000)
 * @param holdMs               processing time a watermark is held back before it is emitted (default 2000): records
 *                             reach the job out of time order across symbols (the ingest buffers each symbol for a
 *                             linger time, shards are polled in turn), and a replay squeezes hours of trade time into
 *                             that delay; holding the watermark that long keeps them on time whatever the speed
 */
public record BarSettings(
        List<Long> windowsMs,
        long outOfOrdernessMs,
        long idlenessMs,
        long allowedLatenessMs,
        long closeAfterQuietMs,
        long holdMs)
        implements Serializable {

    public static final long DEFAULT_WINDOW_MS = 60_000;
    public static final long DEFAULT_OUT_OF_ORDERNESS_MS = 5_000;
    public static final long DEFAULT_IDLENESS_MS = 10_000;
    public static final long DEFAULT_ALLOWED_LATENESS_MS = 60_000;
    public static final long DEFAULT_CLOSE_AFTER_QUIET_MS = 10_000;
    public static final long DEFAULT_HOLD_MS = 2_000;

    public BarSettings {
        windowsMs = List.copyOf(windowsMs);
        if (windowsMs.isEmpty()) {
            throw new IllegalArgumentException("at least one bar window size is needed");
        }
        if (windowsMs.stream().distinct().count() != windowsMs.size()) {
            throw new IllegalArgumentException("bar window sizes repeat: " + labels(windowsMs));
        }
        for (long w : windowsMs) {
            if (w <= 0) {
                throw new IllegalArgumentException("bar window size must be positive: " + w);
            }
        }
        requireAtLeast("out-of-orderness", outOfOrdernessMs, 0);
        requireAtLeast("idleness", idlenessMs, 1);
        requireAtLeast("allowed lateness", allowedLatenessMs, 0);
        requireAtLeast("close-after-quiet", closeAfterQuietMs, 1);
        requireAtLeast("watermark hold", holdMs, 0);
    }

    /** One-minute bars with every other default. */
    public static BarSettings defaults() {
        return new BarSettings(
                List.of(DEFAULT_WINDOW_MS),
                DEFAULT_OUT_OF_ORDERNESS_MS,
                DEFAULT_IDLENESS_MS,
                DEFAULT_ALLOWED_LATENESS_MS,
                DEFAULT_CLOSE_AFTER_QUIET_MS,
                DEFAULT_HOLD_MS);
    }

    public BarSettings withWindows(List<Long> sizesMs) {
        return new BarSettings(sizesMs, outOfOrdernessMs, idlenessMs, allowedLatenessMs, closeAfterQuietMs, holdMs);
    }

    public BarSettings withAllowedLateness(long ms) {
        return new BarSettings(windowsMs, outOfOrdernessMs, idlenessMs, ms, closeAfterQuietMs, holdMs);
    }

    /**
     * The window size partial bars are folded to: the greatest common divisor of the sizes, so a
     * partial bar lies within one window of every size (windows are all aligned to the epoch).
     */
    public long partialBarMs() {
        long gcd = 0;
        for (long w : windowsMs) {
            gcd = gcd(gcd, w);
        }
        return gcd;
    }

    private static long gcd(long a, long b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    private static String labels(List<Long> sizes) {
        return String.join(",", sizes.stream().map(WindowSizes::label).toList());
    }

    private static void requireAtLeast(String what, long value, long min) {
        if (value < min) {
            throw new IllegalArgumentException(what + " must be at least " + min + " ms, was " + value);
        }
    }
}
