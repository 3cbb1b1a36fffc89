package dev.tradelake.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The one percentile every figure uses: nearest rank (the smallest sample with at least {@code percent}
 * percent of the samples at or below it), so a reported p99 is a latency that really happened.
 */
public final class Percentiles {

    private Percentiles() {}

    /**
     * @param sorted the samples in ascending order, at least one (what an empty set means is the caller's to say)
     * @param percent 0 to 100; 100 is the maximum
     */
    public static long nearestRank(long[] sorted, double percent) {
        return sorted[index(sorted.length, percent)];
    }

    /** {@link #nearestRank(long[], double)} for fractional samples. */
    public static double nearestRank(double[] sorted, double percent) {
        return sorted[index(sorted.length, percent)];
    }

    /**
     * The median by nearest rank of samples that are more than a number (a pass and its details):
     * the lower middle of an even count, as {@code nearestRank(sorted, 50)}.
     */
    public static <T> T median(List<T> samples, Comparator<? super T> order) {
        List<T> sorted = new ArrayList<>(samples);
        sorted.sort(order);
        return sorted.get(index(sorted.size(), 50));
    }

    private static int index(int samples, double percent) {
        if (samples == 0) {
            throw new IllegalArgumentException("no samples");
        }
        if (!(percent >= 0 && percent <= 100)) {
            throw new IllegalArgumentException("percent " + percent + " is not within 0 to 100");
        }
        int rank = (int) Math.ceil(percent / 100 * samples);
        return Math.max(0, Math.min(samples - 1, rank - 1));
    }
}
