package dev.tradelake.flink;

import dev.tradelake.flink.lake.LakeTrade;
import dev.tradelake.model.WindowSizes;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The trades of the deduplicated partial bars, one row each, for the lake. A trade that comes
 * after every bar it belongs to is final is left out as the bars leave it out (counted in
 * {@code lakeLateTrades}): {@link dev.tradelake.flink.DropDuplicateTrades} forgets a trade's
 * second only after that (after the final time of the second's last millisecond), so every
 * trade that reaches a file has been checked against the ids seen, and a replay of old records
 * writes nothing a second time.
 */
public final class LakeTrades extends KeyedProcessFunction<String, PartialBar, LakeTrade> {
    private static final long serialVersionUID = 1L;

    private final long[] windowsMs;
    private final long allowedLatenessMs;
    private transient Counter late;

    public LakeTrades(BarSettings settings) {
        this.windowsMs =
                settings.tradeWindowsMs().stream().mapToLong(Long::longValue).toArray();
        this.allowedLatenessMs = settings.allowedLatenessMs();
    }

    @Override
    public void open(OpenContext openContext) {
        late = getRuntimeContext().getMetricGroup().counter("lakeLateTrades");
    }

    /** When the watermark has passed every bar of a trade at {@code timeMs} and its allowed lateness. */
    private long lastFinalTime(long timeMs) {
        long end = Long.MIN_VALUE;
        for (long size : windowsMs) {
            end = Math.max(end, WindowSizes.windowStart(timeMs, size) + size - 1);
        }
        return end + allowedLatenessMs;
    }

    @Override
    public void processElement(PartialBar partial, Context ctx, Collector<LakeTrade> out) {
        long watermark = ctx.timerService().currentWatermark();
        for (int i = 0; i < partial.trades; i++) {
            long t = partial.tradeTimes[i];
            if (lastFinalTime(t) <= watermark) {
                late.inc();
                continue;
            }
            out.collect(new LakeTrade(
                    partial.symbol, t, partial.tradeSeqs[i], partial.tradePrices[i], partial.tradeVolumes[i]));
        }
    }
}
