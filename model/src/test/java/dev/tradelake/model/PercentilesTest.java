package dev.tradelake.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PercentilesTest {

    private static final long[] TEN = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};

    @Test
    void nearestRankIsASampleThatHappened() {
        assertThat(Percentiles.nearestRank(TEN, 0)).isEqualTo(1);
        assertThat(Percentiles.nearestRank(TEN, 50)).isEqualTo(5);
        assertThat(Percentiles.nearestRank(TEN, 51)).isEqualTo(6);
        assertThat(Percentiles.nearestRank(TEN, 99)).isEqualTo(10);
        assertThat(Percentiles.nearestRank(TEN, 100)).isEqualTo(10);
        assertThat(Percentiles.nearestRank(new double[] {0.5}, 99)).isEqualTo(0.5);
    }

    @Test
    void noSamplesOrABadPercentIsRefused() {
        assertThatThrownBy(() -> Percentiles.nearestRank(new long[0], 50)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Percentiles.nearestRank(TEN, 101)).isInstanceOf(IllegalArgumentException.class);
    }
}
