package dev.tradelake.ingest;

import java.util.Arrays;

/** The most recent latencies (a fixed ring), for p50/p99 without keeping every sample. */
final class LatencyWindow {

    private final long[] micros;
    private int next;
    private int size;

    LatencyWindow(int capacity) {
        micros = new long[capacity];
    }

    synchronized void record(long nanos) {
        micros[next] = nanos / 1_000;
        next = (next + 1) % micros.length;
        size = Math.min(size + 1, micros.length);
    }

    /** Percentiles in milliseconds of the recent samples; all zero when there are none. */
    synchronized Percentiles percentiles() {
        if (size == 0) {
            return new Percentiles(0, 0, 0, 0);
        }
        long[] sorted = Arrays.copyOf(micros, size);
        Arrays.sort(sorted);
        return new Percentiles(size, ms(sorted, 50), ms(sorted, 99), sorted[size - 1] / 1_000.0);
    }

    private static double ms(long[] sortedMicros, double percent) {
        return dev.tradelake.model.Percentiles.nearestRank(sortedMicros, percent) / 1_000.0;
    }

    record Percentiles(int samples, double p50Ms, double p99Ms, double maxMs) {}
}
