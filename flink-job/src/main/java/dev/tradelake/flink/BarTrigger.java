package dev.tradelake.flink;

import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.windowing.triggers.Trigger;
import org.apache.flink.streaming.api.windowing.triggers.TriggerResult;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;

/**
 * When a bar window emits its bar:
 * <ul>
 *   <li>when the watermark passes its end (on time), as {@code EventTimeTrigger} does;</li>
 *   <li>on every trade within the allowed lateness after that;</li>
 *   <li>once more when the watermark passes its end plus the allowed lateness, just before its
 *       state is dropped: the final bar ({@link EmitBar} marks it so);</li>
 *   <li>when it has taken no trade for {@code quietMs} of processing time while still open, so a
 *       window the watermark does not reach (a 5-minute bar when the feed goes quiet, see
 *       {@link TradeWatermarks}) is written a bounded time after its last trade, as a bar that
 *       may still change.</li>
 * </ul>
 * The quiet check keeps one processing-time timer per window per period (timers are rounded to
 * a grid, and equal timers are one), not one per trade.
 */
public final class BarTrigger extends Trigger<Object, TimeWindow> {
    private static final long serialVersionUID = 1L;

    private final long allowedLatenessMs;
    private final long quietMs;
    private final long gridMs;
    private final ValueStateDescriptor<Long> lastTradeAt = new ValueStateDescriptor<>("last-trade-at", Types.LONG);

    public BarTrigger(long allowedLatenessMs, long quietMs) {
        this.allowedLatenessMs = allowedLatenessMs;
        this.quietMs = quietMs;
        this.gridMs = Math.max(1, quietMs / 4);
    }

    @Override
    public TriggerResult onElement(Object element, long timestamp, TimeWindow window, TriggerContext ctx)
            throws Exception {
        ctx.registerEventTimeTimer(finalTime(window));
        if (window.maxTimestamp() <= ctx.getCurrentWatermark()) {
            return TriggerResult.FIRE; // a late trade within the allowed lateness: the bar changes now
        }
        ctx.registerEventTimeTimer(window.maxTimestamp());
        long now = ctx.getCurrentProcessingTime();
        ctx.getPartitionedState(lastTradeAt).update(now);
        ctx.registerProcessingTimeTimer(roundUp(now + quietMs));
        return TriggerResult.CONTINUE;
    }

    @Override
    public TriggerResult onEventTime(long time, TimeWindow window, TriggerContext ctx) throws Exception {
        if (time == window.maxTimestamp() || time == finalTime(window)) {
            ctx.getPartitionedState(lastTradeAt).clear();
            return TriggerResult.FIRE;
        }
        return TriggerResult.CONTINUE;
    }

    @Override
    public TriggerResult onProcessingTime(long time, TimeWindow window, TriggerContext ctx) throws Exception {
        ValueState<Long> last = ctx.getPartitionedState(lastTradeAt);
        Long at = last.value();
        if (at == null) {
            return TriggerResult.CONTINUE; // written since, or a timer of an earlier period
        }
        if (time - at >= quietMs) {
            last.clear();
            return TriggerResult.FIRE;
        }
        ctx.registerProcessingTimeTimer(roundUp(at + quietMs));
        return TriggerResult.CONTINUE;
    }

    @Override
    public void clear(TimeWindow window, TriggerContext ctx) throws Exception {
        ctx.deleteEventTimeTimer(window.maxTimestamp());
        ctx.deleteEventTimeTimer(finalTime(window));
        ctx.getPartitionedState(lastTradeAt).clear();
        // a pending quiet timer finds no window contents and does nothing
    }

    private long finalTime(TimeWindow window) {
        return window.maxTimestamp() + allowedLatenessMs;
    }

    private long roundUp(long ms) {
        return ms + gridMs - 1 - Math.floorMod(ms + gridMs - 1, gridMs);
    }

    @Override
    public String toString() {
        return "BarTrigger(lateness=" + allowedLatenessMs + "ms, quiet=" + quietMs + "ms)";
    }
}
