package dev.tradelake.launcher;

import dev.tradelake.flink.BarsMetrics;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

/**
 * The Flink job's own counters, read in the process that runs it locally: a metric reporter (what
 * Managed Flink's CloudWatch publishing is on AWS) that keeps the job's late-trade counters, so
 * the dashboard's health strip can show them. Registered by {@link #configure}; Flink creates it
 * through {@link Factory}, found by the service loader.
 */
public final class LocalFlinkMetrics implements MetricReporter {

    private static final String NAME = "tradelake-local";
    /** One job runs per local pipeline, and one pipeline per process. */
    private static final Set<Counter> LATE_TRADES = ConcurrentHashMap.newKeySet();

    /** Adds this reporter to a local job's configuration. */
    static void configure(Configuration flinkConfig) {
        flinkConfig.setString("metrics.reporter." + NAME + ".factory.class", Factory.class.getName());
    }

    /** Trades that came after their bars were final, summed over the job's subtasks. */
    static long lateTrades() {
        return LATE_TRADES.stream().mapToLong(Counter::getCount).sum();
    }

    @Override
    public void open(MetricConfig config) {}

    @Override
    public void close() {
        LATE_TRADES.clear();
    }

    @Override
    public void notifyOfAddedMetric(Metric metric, String name, MetricGroup group) {
        if (BarsMetrics.LATE_TRADES.equals(name) && metric instanceof Counter counter) {
            LATE_TRADES.add(counter);
        }
    }

    @Override
    public void notifyOfRemovedMetric(Metric metric, String name, MetricGroup group) {
        // A finished job's counts stay: they are what the run's health reports.
    }

    /** What Flink instantiates, by the class name {@link #configure} sets. */
    public static final class Factory implements MetricReporterFactory {
        @Override
        public MetricReporter createMetricReporter(Properties properties) {
            return new LocalFlinkMetrics();
        }
    }
}
