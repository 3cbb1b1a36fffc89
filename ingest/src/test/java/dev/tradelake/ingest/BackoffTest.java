package dev.tradelake.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private final Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5));

    @Test
    void ceilingDoublesFromTheBaseUpToTheCap() {
        assertThat(backoff.ceilingMs(0)).isEqualTo(100);
        assertThat(backoff.ceilingMs(1)).isEqualTo(200);
        assertThat(backoff.ceilingMs(5)).isEqualTo(3_200);
        assertThat(backoff.ceilingMs(6)).isEqualTo(5_000);
        assertThat(backoff.ceilingMs(1_000)).isEqualTo(5_000);
        assertThat(backoff.ceilingMs(Integer.MAX_VALUE)).isEqualTo(5_000);
    }

    @Test
    void fullJitterSpansZeroToTheCeiling() {
        assertThat(backoff.delayMs(3, 0.0)).isZero();
        assertThat(backoff.delayMs(3, 0.5)).isEqualTo(400);
        assertThat(backoff.delayMs(3, 0.999_999)).isEqualTo(800);
        for (int attempt = 0; attempt < 100; attempt++) {
            assertThat(backoff.delayMs(attempt)).isBetween(0L, backoff.ceilingMs(attempt));
        }
    }

    @Test
    void neverOverflowsWithAHugeCap() {
        Backoff wide = new Backoff(Duration.ofMillis(1), Duration.ofMillis(Long.MAX_VALUE / 2));
        long previous = 0;
        for (int attempt = 0; attempt < 80; attempt++) {
            long ceiling = wide.ceilingMs(attempt);
            assertThat(ceiling).isPositive().isGreaterThanOrEqualTo(previous);
            previous = ceiling;
        }
    }

    @Test
    void refusesAnEmptyOrInvertedRange() {
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
