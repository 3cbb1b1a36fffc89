package dev.tradelake.flink;

import org.slf4j.Logger;

/**
 * Logs a repeated event at most once per interval, saying how many occurred since the last line:
 * bad or late trades may come by the thousand, a log line per trade would drown everything else.
 * Not thread-safe: one per operator instance.
 */
final class SparseLog {
    static final long DEFAULT_INTERVAL_MS = 60_000;

    private final Logger log;
    private final long intervalMs;
    private long lastLineMs = Long.MIN_VALUE;
    private long suppressed;

    SparseLog(Logger log, long intervalMs) {
        this.log = log;
        this.intervalMs = intervalMs;
    }

    /** Records one occurrence; logs it (at WARN) when the last line is older than the interval. */
    void warn(long nowMs, String message, Object... args) {
        if (lastLineMs != Long.MIN_VALUE && nowMs - lastLineMs < intervalMs) {
            suppressed++;
            return;
        }
        if (suppressed > 0) {
            log.warn(message + " ({} more like it since the previous message)", append(args, suppressed));
        } else {
            log.warn(message, args);
        }
        lastLineMs = nowMs;
        suppressed = 0;
    }

    private static Object[] append(Object[] args, Object extra) {
        Object[] all = new Object[args.length + 1];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = extra;
        return all;
    }
}
