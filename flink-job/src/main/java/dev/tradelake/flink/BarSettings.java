package dev.tradelake.flink;

import dev.tradelake.model.WindowSizes;
import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ReadableConfig;

/**
 * How the job turns trades into bars: everything about event time and windows, nothing about
 * where trades come from or where bars go. Built from {@link BarsJobOptions}, whose descriptions and
 * defaults these are; held in milliseconds, as the operators use them.
 *
 * @param windowsMs         {@link BarsJobOptions#BARS_WINDOWS}
 * @param outOfOrdernessMs  {@link BarsJobOptions#WATERMARK_OUT_OF_ORDERNESS}
 * @param idlenessMs        {@link BarsJobOptions#WATERMARK_IDLENESS}
 * @param allowedLatenessMs {@link BarsJobOptions#BARS_ALLOWED_LATENESS}
 * @param closeAfterQuietMs {@link BarsJobOptions#BARS_CLOSE_AFTER_QUIET}
 * @param holdMs            {@link BarsJobOptions#WATERMARK_HOLD}
 */
public record BarSettings(
        List<Long> windowsMs,
        long outOfOrdernessMs,
        long idlenessMs,
        long allowedLatenessMs,
        long closeAfterQuietMs,
        long holdMs)
        implements Serializable {

    public BarSettings {
        windowsMs = List.copyOf(windowsMs);
        if (windowsMs.isEmpty()) {
            throw JobConfiguration.badValue(BarsJobOptions.BARS_WINDOWS, "", "at least one window size is needed");
        }
        if (windowsMs.stream().distinct().count() != windowsMs.size()) {
            throw JobConfiguration.badValue(BarsJobOptions.BARS_WINDOWS, labels(windowsMs), "repeats a window size");
        }
        for (long w : windowsMs) {
            if (w <= 0) {
                throw JobConfiguration.badValue(
                        BarsJobOptions.BARS_WINDOWS, w + "ms", "a window size must be positive");
            }
        }
        requireAtLeast(BarsJobOptions.WATERMARK_OUT_OF_ORDERNESS, outOfOrdernessMs, 0);
        requireAtLeast(BarsJobOptions.WATERMARK_IDLENESS, idlenessMs, 1);
        requireAtLeast(BarsJobOptions.BARS_ALLOWED_LATENESS, allowedLatenessMs, 0);
        requireAtLeast(BarsJobOptions.BARS_CLOSE_AFTER_QUIET, closeAfterQuietMs, 1);
        requireAtLeast(BarsJobOptions.WATERMARK_HOLD, holdMs, 0);
    }

    /** The settings {@code config} holds, defaults for the rest. */
    public static BarSettings from(ReadableConfig config) {
        return new BarSettings(
                config.get(BarsJobOptions.BARS_WINDOWS).stream()
                        .map(Duration::toMillis)
                        .toList(),
                config.get(BarsJobOptions.WATERMARK_OUT_OF_ORDERNESS).toMillis(),
                config.get(BarsJobOptions.WATERMARK_IDLENESS).toMillis(),
                config.get(BarsJobOptions.BARS_ALLOWED_LATENESS).toMillis(),
                config.get(BarsJobOptions.BARS_CLOSE_AFTER_QUIET).toMillis(),
                config.get(BarsJobOptions.WATERMARK_HOLD).toMillis());
    }

    /** Every default of {@link BarsJobOptions}. */
    public static BarSettings defaults() {
        return from(new Configuration());
    }

    /**
     * The sizes built from trades by a window over them: those that no smaller configured size
     * divides, in the order configured. Every other size is {@linkplain #rolledUpFrom rolled up}.
     */
    public List<Long> tradeWindowsMs() {
        return windowsMs.stream().filter(w -> rolledUpFrom(w).isEmpty()).toList();
    }

    /** The {@linkplain #tradeWindowsMs windows over the trades} and the allowed lateness. */
    TradeWindows tradeWindows() {
        return new TradeWindows(tradeWindowsMs(), allowedLatenessMs);
    }

    /**
     * The size the bars of {@code windowMs} are rolled up from: the largest smaller configured size
     * that divides it (with {@code 1m,1h,1d}: 1h from 1m, 1d from 1h), so each coarse bar is exactly
     * the rollup of finer bars the job also stores; empty for a size built from trades.
     */
    public OptionalLong rolledUpFrom(long windowMs) {
        return windowsMs.stream()
                .mapToLong(Long::longValue)
                .filter(w -> w < windowMs && windowMs % w == 0)
                .max();
    }

    /**
     * The window size partial bars are folded to: the greatest common divisor of the sizes built
     * from trades, so a partial bar lies within one window of every size (windows are all aligned
     * to the epoch, and a rolled-up size is a multiple of one of them).
     */
    public long partialBarMs() {
        long gcd = 0;
        for (long w : tradeWindowsMs()) {
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

    private static void requireAtLeast(ConfigOption<Duration> option, long valueMs, long minMs) {
        if (valueMs < minMs) {
            throw JobConfiguration.badValue(option, valueMs + "ms", "must be at least " + minMs + "ms");
        }
    }
}
