package dev.tradelake.flink;

import dev.tradelake.model.WindowSizes;
import java.io.Serializable;
import java.util.List;

/**
 * The job's windows over the trades ({@link BarSettings#tradeWindowsMs}) and their allowed
 * lateness: when a trade at a given time stops changing any bar. The duplicate filter forgets a
 * trade's id only then, and the lake leaves out a trade that comes after it, so both ask here.
 */
final class TradeWindows implements Serializable {
    private static final long serialVersionUID = 1L;

    private final long[] sizesMs;
    private final long allowedLatenessMs;

    TradeWindows(List<Long> sizesMs, long allowedLatenessMs) {
        this.sizesMs = sizesMs.stream().mapToLong(Long::longValue).toArray();
        this.allowedLatenessMs = allowedLatenessMs;
    }

    long largestMs() {
        long largest = Long.MIN_VALUE;
        for (long size : sizesMs) {
            largest = Math.max(largest, size);
        }
        return largest;
    }

    /**
     * The watermark from which a trade at {@code timeMs} is late for every window holding it: the
     * end of the last of them plus the allowed lateness.
     */
    long finalTimeOf(long timeMs) {
        long end = Long.MIN_VALUE;
        for (long size : sizesMs) {
            end = Math.max(end, WindowSizes.windowStart(timeMs, size) + size - 1);
        }
        return end + allowedLatenessMs;
    }
}
