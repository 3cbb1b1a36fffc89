package dev.tradelake.flink;

import dev.tradelake.flink.lake.LakeTradeRows;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The trades of the deduplicated partial bars, for the lake: each partial bar's trades as rows,
 * split where a trade is left out or a new UTC day (partition) begins. A trade that comes
 * after every bar it belongs to is final is left out as the bars leave it out (counted in
 * {@code lakeLateTrades}): {@link dev.tradelake.flink.DropDuplicateTrades} forgets a trade's
 * second only after that (after the final time of the second's last millisecond), so every
 * trade that reaches a file has been checked against the ids seen, and a replay of old records
 * writes nothing a second time.
 */
public final class LakeTrades extends KeyedProcessFunction<String, PartialBar, LakeTradeRows> {
    private static final long serialVersionUID = 1L;
    private static final long DAY_MS = 86_400_000L;

    private final TradeWindows windows;
    private transient Counter late;

    public LakeTrades(BarSettings settings) {
        this.windows = settings.tradeWindows();
    }

    @Override
    public void open(OpenContext openContext) {
        late = getRuntimeContext().getMetricGroup().counter("lakeLateTrades");
    }

    @Override
    public void processElement(PartialBar partial, Context ctx, Collector<LakeTradeRows> out) {
        long watermark = ctx.timerService().currentWatermark();
        int n = (int) partial.trades;
        int from = -1;
        long day = 0;
        for (int i = 0; i < n; i++) {
            long t = partial.tradeTimes[i];
            if (windows.finalTimeOf(t) <= watermark) {
                late.inc();
                emit(partial, from, i, out);
                from = -1;
                continue;
            }
            long d = Math.floorDiv(t, DAY_MS);
            if (from >= 0 && d != day) { // a partial bar may span midnight when the windows do not divide a day
                emit(partial, from, i, out);
                from = -1;
            }
            if (from < 0) {
                from = i;
                day = d;
            }
        }
        emit(partial, from, n, out);
    }

    private static void emit(PartialBar partial, int from, int to, Collector<LakeTradeRows> out) {
        if (from >= 0 && to > from) {
            out.collect(new LakeTradeRows(
                    partial.symbol,
                    partial.tradeTimes,
                    partial.tradeSeqs,
                    partial.tradePrices,
                    partial.tradeVolumes,
                    from,
                    to));
        }
    }
}
