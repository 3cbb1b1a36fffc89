package dev.tradelake.launcher;

import dev.tradelake.flink.BarsJob;
import dev.tradelake.flink.BarsMetrics;
import dev.tradelake.flink.DecodeTradeRecords;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

/**
 * The Flink job's own metrics, read in the process that runs it locally: a metric reporter (what
 * Managed Flink's CloudWatch publishing is on AWS) that keeps the job's late-trade counters, for
 * the dashboard's health strip, and what tells a drained run that the job is done: the records it
 * read, the newest trade time it saw and the watermark of its bar windows. Registered by
 * {@link #configure}; Flink creates it through {@link Factory}, found by the service loader.
 */
public final class LocalFlinkMetrics implements MetricReporter {

    private static final String NAME = "tradelake-local";
    /** One job runs per local pipeline, and one pipeline per process. */
    private static final Set<Counter> LATE_TRADES = ConcurrentHashMap.newKeySet();

    private static final Set<Counter> RECORDS_READ = ConcurrentHashMap.newKeySet();
    private static final Set<Gauge<?>> NEWEST_TRADE_TIMES = ConcurrentHashMap.newKeySet();
    private static final Set<Gauge<?>> BAR_WATERMARKS = ConcurrentHashMap.newKeySet();
    /** Flink's own gauge of an operator's event time; the bar windows' is how far bars are final. */
    private static final String INPUT_WATERMARK = "currentInputWatermark";

    /** Adds this reporter to a local job's configuration. */
    static void configure(Configuration flinkConfig) {
        flinkConfig.setString("metrics.reporter." + NAME + ".factory.class", Factory.class.getName());
    }

    /** Trades that came after their bars were final, summed over the job's subtasks. */
    static long lateTrades() {
        return LATE_TRADES.stream().mapToLong(Counter::getCount).sum();
    }

    /** Kinesis records the job has read since it started, decoded or rejected. */
    static long recordsRead() {
        return RECORDS_READ.stream().mapToLong(Counter::getCount).sum();
    }

    /** The time of the newest trade the job has read since it started; 0 before the first. */
    static long newestTradeTimeMs() {
        return NEWEST_TRADE_TIMES.stream()
                .mapToLong(LocalFlinkMetrics::value)
                .max()
                .orElse(0);
    }

    /** The event time every bar window has passed: bars ending at or before it are final. */
    static long barWatermarkMs() {
        return BAR_WATERMARKS.stream().mapToLong(LocalFlinkMetrics::value).min().orElse(Long.MIN_VALUE);
    }

    private static long value(Gauge<?> gauge) {
        return gauge.getValue() instanceof Number n ? n.longValue() : Long.MIN_VALUE;
    }

    @Override
    public void open(MetricConfig config) {}

    @Override
    public void close() {
        LATE_TRADES.clear();
        RECORDS_READ.clear();
        NEWEST_TRADE_TIMES.clear();
        BAR_WATERMARKS.clear();
    }

    @Override
    public void notifyOfAddedMetric(Metric metric, String name, MetricGroup group) {
        if (metric instanceof Counter counter) {
            if (BarsMetrics.LATE_TRADES.equals(name)) {
                LATE_TRADES.add(counter);
            } else if (DecodeTradeRecords.RECORDS_DECODED.equals(name) || BarsMetrics.RECORDS_REJECTED.equals(name)) {
                RECORDS_READ.add(counter);
            }
        } else if (metric instanceof Gauge<?> gauge) {
            if (DecodeTradeRecords.NEWEST_TRADE_TIME.equals(name)) {
                NEWEST_TRADE_TIMES.add(gauge);
            } else if (INPUT_WATERMARK.equals(name)
                    && BarsJob.isBarWindow(group.getAllVariables().get("<operator_name>"))) {
                BAR_WATERMARKS.add(gauge);
            }
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
