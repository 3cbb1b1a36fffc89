package dev.tradelake.flink;

import dev.tradelake.model.WindowSizes;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.metrics.Counter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where trades later than the allowed lateness of one window size end (as the partial bars that
 * hold them): counted in the metric {@link BarsMetrics#LATE_TRADES} and logged sparingly. They are still in the trades table; only their bar
 * no longer changes.
 */
public final class LateTradesSink implements Sink<PartialBar> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(LateTradesSink.class);

    private final long windowMs;

    public LateTradesSink(long windowMs) {
        this.windowMs = windowMs;
    }

    @Override
    @SuppressWarnings("deprecation") // Flink 1.19 still requires this overload
    public SinkWriter<PartialBar> createWriter(InitContext context) {
        return new Writer(
                BarsMetrics.group(context.metricGroup()).counter(BarsMetrics.LATE_TRADES), WindowSizes.label(windowMs));
    }

    private static final class Writer implements SinkWriter<PartialBar> {
        private final Counter late;
        private final String window;
        private final SparseLog log = new SparseLog(LOG, SparseLog.DEFAULT_INTERVAL_MS);

        Writer(Counter late, String window) {
            this.late = late;
            this.window = window;
        }

        @Override
        public void write(PartialBar partial, Context context) {
            late.inc(partial.trades);
            log.warn(
                    System.currentTimeMillis(),
                    "{} came after their {} bar was final (allowed lateness passed); the bar is not updated",
                    partial,
                    window);
        }

        @Override
        public void flush(boolean endOfInput) {}

        @Override
        public void close() {}
    }
}
