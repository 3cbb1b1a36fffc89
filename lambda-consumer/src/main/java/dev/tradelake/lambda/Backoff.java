package dev.tradelake.lambda;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with full jitter: the wait before retry {@code n} (1-based) is uniform in
 * {@code [0, min(max, base * 2^(n-1))]}. Full jitter spreads the retries of many concurrent writers
 * apart, which is what lets a throttled table recover.
 */
final class Backoff {

    private final long baseNanos;
    private final long maxNanos;
    private RandomGenerator random;

    /**
     * @param random null to seed one at the first retry: a generator seeded while the container starts
     *               would be copied into every instance restored from a Lambda SnapStart snapshot, and their
     *               retries would stop being spread apart
     */
    Backoff(Duration base, Duration max, RandomGenerator random) {
        this.baseNanos = base.toNanos();
        this.maxNanos = max.toNanos();
        this.random = random;
    }

    /** The longest wait before retry {@code retry} (1-based). */
    Duration ceiling(int retry) {
        long ceiling = baseNanos;
        for (int i = 1; i < retry && ceiling < maxNanos; i++) {
            ceiling <<= 1;
        }
        return Duration.ofNanos(Math.min(ceiling, maxNanos));
    }

    /** Thread-safe: the writers of one batch share it. */
    synchronized Duration delay(int retry) {
        long ceiling = ceiling(retry).toNanos();
        if (random == null) {
            random = new SplittableRandom(System.nanoTime() ^ Thread.currentThread().getId() * 0x9E3779B97F4A7C15L);
        }
        return Duration.ofNanos(ceiling == 0 ? 0 : random.nextLong(ceiling + 1));
    }
}
