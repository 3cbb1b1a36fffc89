package dev.tradelake.model;

import java.time.Duration;
import java.util.Objects;
import java.util.function.LongUnaryOperator;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with full jitter: the wait before retry {@code attempt} (0-based: the first
 * retry is attempt 0) is uniform in {@code [0, min(cap, base * 2^attempt)]}. Full jitter, rather than
 * a fixed doubling, keeps many clients that failed together (a feed restart, a throttled shard or
 * table) from retrying together.
 *
 * <p>Pure: the caller brings the randomness, so it decides how the source is seeded and shared.
 *
 * @param base the longest first wait; zero never waits
 * @param cap  no wait is longer than this
 */
public record Backoff(Duration base, Duration cap) {

    private static final Duration MAX_NANOS = Duration.ofNanos(Long.MAX_VALUE);

    public Backoff {
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(cap, "cap");
        if (base.isNegative() || cap.compareTo(base) < 0) {
            throw new IllegalArgumentException("backoff needs 0 <= base <= cap, got " + base + " and " + cap);
        }
    }

    /** The longest wait before retry {@code attempt}: {@code min(cap, base * 2^attempt)}; below 0 counts as 0. */
    public Duration ceiling(int attempt) {
        Duration ceiling = base;
        for (int i = 0; i < attempt && !ceiling.isZero() && ceiling.compareTo(cap) < 0; i++) {
            // compare before doubling: doubling a Duration near its largest value overflows
            ceiling = ceiling.compareTo(cap.dividedBy(2)) > 0 ? cap : ceiling.multipliedBy(2);
        }
        return ceiling;
    }

    /** The wait before retry {@code attempt}, drawn from {@code random}. */
    public Duration delay(int attempt, RandomGenerator random) {
        Objects.requireNonNull(random, "random");
        return upTo(
                ceiling(attempt), max -> max == Long.MAX_VALUE ? random.nextLong() >>> 1 : random.nextLong(max + 1));
    }

    /** The wait before retry {@code attempt}, given a uniform random number in {@code [0, 1)}. */
    public Duration delay(int attempt, double uniform) {
        if (!(uniform >= 0 && uniform < 1)) {
            throw new IllegalArgumentException("need a uniform number in [0, 1), got " + uniform);
        }
        // min: rounding can carry a number just below 1 up to max + 1
        return upTo(ceiling(attempt), max -> Math.min(max, (long) (uniform * ((double) max + 1))));
    }

    /** A wait in [0, ceiling], {@code draw} picking a whole number in [0, max] of the resolution used. */
    private static Duration upTo(Duration ceiling, LongUnaryOperator draw) {
        if (ceiling.isZero()) {
            return Duration.ZERO;
        }
        if (ceiling.compareTo(MAX_NANOS) <= 0) {
            return Duration.ofNanos(draw.applyAsLong(ceiling.toNanos()));
        }
        // Past ~292 years nanoseconds overflow a long: whole seconds are fine enough there.
        return Duration.ofSeconds(draw.applyAsLong(ceiling.getSeconds()));
    }
}
