package dev.tradelake.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tradelake.flink.BarsMetrics;
import java.util.Properties;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.junit.jupiter.api.Test;

class LocalFlinkMetricsTest {

    @Test
    void lateTradesAreSummedOverSubtasksAndOtherCountersIgnored() {
        LocalFlinkMetrics reporter =
                (LocalFlinkMetrics) new LocalFlinkMetrics.Factory().createMetricReporter(new Properties());
        try {
            SimpleCounter first = new SimpleCounter();
            SimpleCounter second = new SimpleCounter();
            SimpleCounter other = new SimpleCounter();
            reporter.notifyOfAddedMetric(first, BarsMetrics.LATE_TRADES, new UnregisteredMetricsGroup());
            reporter.notifyOfAddedMetric(second, BarsMetrics.LATE_TRADES, new UnregisteredMetricsGroup());
            reporter.notifyOfAddedMetric(other, BarsMetrics.DUPLICATE_TRADES, new UnregisteredMetricsGroup());
            first.inc(3);
            second.inc(4);
            other.inc(100);

            assertThat(LocalFlinkMetrics.lateTrades()).isEqualTo(7);
        } finally {
            reporter.close();
        }
        assertThat(LocalFlinkMetrics.lateTrades()).isZero();
    }
}
