package dev.tradelake.flink.lake;

import dev.tradelake.flink.BarSettings;
import dev.tradelake.flink.DropDuplicateTrades;
import dev.tradelake.flink.PartialBar;
import dev.tradelake.model.Trade;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The trades of the deduplicated partial bars, one row each, for the lake. A trade that comes
 * after every bar it belongs to is final is left out as the bars leave it out (counted in
 * {@code lakeLateTrades}): the duplicate filter has forgotten its millisecond by then, so a
 * replay of old records would otherwise write its trades a second time.
 */
public final class LakeTrades extends KeyedProcessFunction<String, PartialBar, Trade> {
    private static final long serialVersionUID = 1L;

    private final long[] windowsMs;
    private final long allowedLatenessMs;
    private transient Counter late;

    public LakeTrades(BarSettings settings) {
        this.windowsMs = settings.windowsMs().stream().mapToLong(Long::longValue).toArray();
        this.allowedLatenessMs = settings.allowedLatenessMs();
    }

    @Override
    public void open(OpenContext openContext) {
        late = getRuntimeContext().getMetricGroup().counter("lakeLateTrades");
    }

    @Override
    public void processElement(PartialBar partial, Context ctx, Collector<Trade> out) {
        long watermark = ctx.timerService().currentWatermark();
        for (int i = 0; i < partial.trades; i++) {
            long t = partial.tradeTimes[i];
            if (DropDuplicateTrades.forgetAt(t, windowsMs, allowedLatenessMs) <= watermark) {
                late.inc();
                continue;
            }
            out.collect(new Trade(partial.symbol, t, partial.tradeSeqs[i], partial.tradePrices[i],
                    partial.tradeVolumes[i], List.of(), 0));
        }
    }
}
