package dev.tradelake.ingest;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with full jitter: retry {@code n} (0-based) waits a uniformly random time in
 * {@code [0, min(cap, base * 2^n)]}. Full jitter, rather than a fixed doubling, keeps many clients
 * that failed together (a feed restart, a throttled shard) from retrying together.
 */
public record Backoff(Duration base, Duration cap) {

    public Backoff {
        if (base.isNegative() || base.isZero() || cap.compareTo(base) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < base <= cap, got " + base + " and " + cap);
        }
    }

    /** The longest wait before retry {@code attempt}: {@code min(cap, base * 2^attempt)}. */
    public long ceilingMs(int attempt) {
        long baseMs = Math.max(1, base.toMillis());
        long capMs = cap.toMillis();
        int shift = Math.max(0, Math.min(attempt, 62));
        // base << shift overflows long for large shifts: compare before shifting.
        return baseMs > (capMs >> shift) ? capMs : Math.min(capMs, baseMs << shift);
    }

    /** The wait before retry {@code attempt}, given a uniform random number in [0, 1). */
    public long delayMs(int attempt, double random) {
        return (long) (random * (ceilingMs(attempt) + 1));
    }

    public long delayMs(int attempt) {
        return delayMs(attempt, ThreadLocalRandom.current().nextDouble());
    }
}
