package dev.tradelake.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

class BackoffTest {

    /** The ingest's put backoff. */
    private final Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5));

    @Test
    void ceilingDoublesFromTheBaseUpToTheCap() {
        assertThat(backoff.ceiling(0)).isEqualTo(Duration.ofMillis(100));
        assertThat(backoff.ceiling(1)).isEqualTo(Duration.ofMillis(200));
        assertThat(backoff.ceiling(5)).isEqualTo(Duration.ofMillis(3_200));
        assertThat(backoff.ceiling(6)).isEqualTo(Duration.ofSeconds(5));
        assertThat(backoff.ceiling(1_000)).isEqualTo(Duration.ofSeconds(5));
        assertThat(backoff.ceiling(Integer.MAX_VALUE)).isEqualTo(Duration.ofSeconds(5));
        assertThat(backoff.ceiling(-1)).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void theLambdasDefaultsDoubleFrom25MsUpTo2s() {
        Backoff lambda = new Backoff(Duration.ofMillis(25), Duration.ofSeconds(2));

        // the Lambda numbers retries from 1: its retry n is attempt n - 1
        assertThat(lambda.ceiling(0)).isEqualTo(Duration.ofMillis(25));
        assertThat(lambda.ceiling(1)).isEqualTo(Duration.ofMillis(50));
        assertThat(lambda.ceiling(6)).isEqualTo(Duration.ofMillis(1600));
        assertThat(lambda.ceiling(7)).isEqualTo(Duration.ofSeconds(2));
        assertThat(lambda.ceiling(99)).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void fullJitterSpansZeroToTheCeiling() {
        assertThat(backoff.delay(3, 0.0)).isZero();
        assertThat(backoff.delay(3, 0.5)).isEqualTo(Duration.ofMillis(400));
        assertThat(backoff.delay(3, Math.nextDown(1.0))).isEqualTo(Duration.ofMillis(800));
        for (int attempt = 0; attempt < 100; attempt++) {
            assertThat(backoff.delay(attempt, ThreadLocalRandom.current()))
                    .isBetween(Duration.ZERO, backoff.ceiling(attempt));
        }
    }

    @Test
    void aRandomSourceDrawsUniformlyUpToTheCeiling() {
        Backoff lambda = new Backoff(Duration.ofMillis(25), Duration.ofSeconds(2));
        SplittableRandom random = new SplittableRandom(1);

        long below = 0;
        for (int i = 0; i < 1000; i++) {
            Duration delay = lambda.delay(2, random);
            assertThat(delay).isBetween(Duration.ZERO, Duration.ofMillis(100));
            below += delay.compareTo(Duration.ofMillis(50)) < 0 ? 1 : 0;
        }
        assertThat(below).as("uniform over [0, 100 ms]").isBetween(400L, 600L);
    }

    @Test
    void neverOverflowsWithAHugeCap() {
        Backoff wide = new Backoff(Duration.ofMillis(1), Duration.ofMillis(Long.MAX_VALUE / 2));
        Duration previous = Duration.ZERO;
        for (int attempt = 0; attempt < 80; attempt++) {
            Duration ceiling = wide.ceiling(attempt);
            assertThat(ceiling).isPositive().isGreaterThanOrEqualTo(previous).isLessThanOrEqualTo(wide.cap());
            previous = ceiling;
        }
        assertThat(wide.ceiling(Integer.MAX_VALUE)).isEqualTo(wide.cap());

        Backoff widest = new Backoff(Duration.ofNanos(1), Duration.ofSeconds(Long.MAX_VALUE, 999_999_999));
        SplittableRandom random = new SplittableRandom(7);
        for (int attempt = 0; attempt < 200; attempt++) {
            Duration ceiling = widest.ceiling(attempt);
            assertThat(widest.delay(attempt, random)).isBetween(Duration.ZERO, ceiling);
            assertThat(widest.delay(attempt, Math.nextDown(1.0))).isBetween(Duration.ZERO, ceiling);
        }
        assertThat(widest.ceiling(200)).isEqualTo(widest.cap());
    }

    @Test
    void aZeroBaseNeverWaits() {
        Backoff none = new Backoff(Duration.ZERO, Duration.ofSeconds(1));

        assertThat(none.ceiling(Integer.MAX_VALUE)).isZero();
        assertThat(none.delay(5, new SplittableRandom(1))).isZero();
        assertThat(none.delay(5, 0.9)).isZero();
    }

    @Test
    void refusesANegativeOrInvertedRange() {
        assertThatThrownBy(() -> new Backoff(Duration.ofMillis(-1), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> backoff.delay(0, 1.0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> backoff.delay(0, -0.1)).isInstanceOf(IllegalArgumentException.class);
    }
}
