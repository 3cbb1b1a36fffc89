package dev.tradelake.flink.lake;

import dev.tradelake.model.Bar;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Each final bar once, for the lake. A window whose end and whose end plus the allowed lateness
 * the watermark passes in one step (the end of a bounded stream, a feed that went quiet) fires
 * twice with the bar final both times; the bars table takes the same upsert twice, a file would
 * get two rows. Keyed by symbol; an entry lives until the watermark reaches this operator, which
 * is after every firing of that step, and an event-time timer then drops it.
 */
public final class FinalBarsOnce extends KeyedProcessFunction<String, Bar, Bar> {
    private static final long serialVersionUID = 1L;

    private transient MapState<String, Long> written;

    @Override
    public void open(OpenContext openContext) {
        written = getRuntimeContext()
                .getMapState(new MapStateDescriptor<>("final-bars-written", Types.STRING, Types.LONG));
    }

    @Override
    public void processElement(Bar bar, Context ctx, Collector<Bar> out) throws Exception {
        if (!bar.isFinal()) {
            return;
        }
        String key = bar.windowMs() + ":" + bar.windowStartMs();
        if (written.contains(key)) {
            return;
        }
        // Upstream the watermark has passed this time already: the timer fires with the next watermark here.
        long forgetAt = Math.max(ctx.timerService().currentWatermark() + 1, bar.windowEndMs() - 1);
        written.put(key, forgetAt);
        ctx.timerService().registerEventTimeTimer(forgetAt);
        out.collect(bar);
    }

    /**
     * Drops every entry the watermark has reached, not only this timer's: a watermark that jumps
     * (a replay) fires a timer per bar of the jump at once, and each timer going through the
     * entries for its own made that quadratic in the bars of a jump (a second of CPU time over ten
     * replayed days). The first timer of a jump removes them all; the others find little left.
     */
    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Bar> out) throws Exception {
        long watermark = Math.max(timestamp, ctx.timerService().currentWatermark());
        List<String> done = new ArrayList<>();
        for (Map.Entry<String, Long> e : written.entries()) {
            if (e.getValue() <= watermark) {
                done.add(e.getKey());
            }
        }
        for (String key : done) {
            written.remove(key);
        }
    }
}
