package dev.tradelake.lambda;

import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * The random source of the writers' retry waits. Thread-safe: the writers of one batch share it.
 *
 * <p>Seeded at the first retry, not when the container starts: a generator seeded while the container
 * starts would be copied into every instance restored from a Lambda SnapStart snapshot, and their
 * retries would stop being spread apart.
 */
final class RetryJitter implements RandomGenerator {

    private SplittableRandom random;

    @Override
    public synchronized long nextLong() {
        if (random == null) {
            random = new SplittableRandom(
                    System.nanoTime() ^ Thread.currentThread().getId() * 0x9E3779B97F4A7C15L);
        }
        return random.nextLong();
    }
}
