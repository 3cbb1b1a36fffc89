package dev.tradelake.lambda;

import java.time.Duration;
import java.util.Objects;

/**
 * How the handler writes to the trades table.
 *
 * @param table        the DynamoDB trades table
 * @param ttlDays      days after a trade's ingest time when DynamoDB TTL may delete it; 0 keeps it forever
 * @param maxAttempts  BatchWriteItem attempts per group of 25 before its records are reported as failed;
 *                     {@link #UNTIL_DEADLINE} retries until the invocation's time is nearly up
 * @param concurrency  BatchWriteItem calls in flight per invocation
 * @param baseBackoff  the first retry waits up to this long (full jitter), doubling per attempt
 * @param maxBackoff   no retry waits longer than this
 */
public record WriteSettings(
        String table, int ttlDays, int maxAttempts, int concurrency, Duration baseBackoff, Duration maxBackoff) {

    /** No cap on attempts: retries go on until the invocation's deadline (its timeout less a margin). */
    public static final int UNTIL_DEADLINE = Integer.MAX_VALUE;
    /**
     * Transient failures (throttling, 5xx, timeouts) are retried for as long as the invocation lasts:
     * giving up earlier only makes Lambda deliver the whole batch again, rewriting what was stored.
     */
    public static final int DEFAULT_MAX_ATTEMPTS = UNTIL_DEADLINE;

    public static final int DEFAULT_CONCURRENCY = 4;
    /** The AWS SDK's own base delay for DynamoDB. */
    public static final Duration DEFAULT_BASE_BACKOFF = Duration.ofMillis(25);

    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(2);

    public WriteSettings {
        Objects.requireNonNull(table, "table");
        if (table.isBlank()) {
            throw new IllegalArgumentException("table must not be blank");
        }
        if (ttlDays < 0) {
            throw new IllegalArgumentException("ttlDays must be >= 0, was " + ttlDays);
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1, was " + maxAttempts);
        }
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be >= 1, was " + concurrency);
        }
        if (baseBackoff.isNegative() || maxBackoff.compareTo(baseBackoff) < 0) {
            throw new IllegalArgumentException("need 0 <= baseBackoff <= maxBackoff");
        }
    }

    /** No expiry, retries until the deadline, {@value #DEFAULT_CONCURRENCY} calls in flight, 25 ms..2 s backoff. */
    public static WriteSettings defaults(String table) {
        return new WriteSettings(
                table, 0, DEFAULT_MAX_ATTEMPTS, DEFAULT_CONCURRENCY, DEFAULT_BASE_BACKOFF, DEFAULT_MAX_BACKOFF);
    }

    public WriteSettings withTtlDays(int days) {
        return new WriteSettings(table, days, maxAttempts, concurrency, baseBackoff, maxBackoff);
    }

    public WriteSettings withMaxAttempts(int attempts) {
        return new WriteSettings(table, ttlDays, attempts, concurrency, baseBackoff, maxBackoff);
    }

    public WriteSettings withConcurrency(int calls) {
        return new WriteSettings(table, ttlDays, maxAttempts, calls, baseBackoff, maxBackoff);
    }

    public WriteSettings withBackoff(Duration base, Duration max) {
        return new WriteSettings(table, ttlDays, maxAttempts, concurrency, base, max);
    }
}
