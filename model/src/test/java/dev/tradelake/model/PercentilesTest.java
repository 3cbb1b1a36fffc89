package dev.tradelake.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Comparator;
import java.util.List;
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
    void theMedianOfThingsIsTheNearestRankOfTheirOrder() {
        assertThat(Percentiles.median(List.of("ccc", "a", "bb"), Comparator.comparingInt(String::length)))
                .isEqualTo("bb");
        assertThat(Percentiles.median(List.of(4.0, 1.0, 3.0, 2.0), Double::compare))
                .as("the lower middle, as nearestRank(sorted, 50)")
                .isEqualTo(2.0);
        assertThatThrownBy(() -> Percentiles.median(List.<Double>of(), Double::compare))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void noSamplesOrABadPercentIsRefused() {
        assertThatThrownBy(() -> Percentiles.nearestRank(new long[0], 50)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Percentiles.nearestRank(TEN, 101)).isInstanceOf(IllegalArgumentException.class);
    }
}
