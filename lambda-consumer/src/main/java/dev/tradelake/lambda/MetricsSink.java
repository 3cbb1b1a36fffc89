package dev.tradelake.lambda;

/** Receives one {@link BatchMetrics} per invocation. Implementations are thread-safe. */
@FunctionalInterface
public interface MetricsSink {

    void batchDone(BatchMetrics metrics);
}
