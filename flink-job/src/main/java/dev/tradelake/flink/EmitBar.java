package dev.tradelake.flink;

import dev.tradelake.model.Bar;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/**
 * The window half of a bar: names the accumulated trades with their symbol and window. Called
 * whenever {@link BarTrigger} fires (on time, for each trade within the allowed lateness, after a
 * quiet period, and once final), so a bar is re-emitted, whole, with every update; the sink
 * writes it only over a version with fewer trades.
 */
public final class EmitBar extends ProcessWindowFunction<BarAccumulator, Bar, String, TimeWindow> {
    private static final long serialVersionUID = 1L;

    private final long windowMs;
    private final long allowedLatenessMs;

    public EmitBar(long windowMs, long allowedLatenessMs) {
        this.windowMs = windowMs;
        this.allowedLatenessMs = allowedLatenessMs;
    }

    /**
     * The bar is final when the watermark has passed its end plus the allowed lateness: the window
     * operator drops its state right after, and any later trade goes to the late side output.
     */
    @Override
    public void process(String symbol, Context context, Iterable<BarAccumulator> accumulated, Collector<Bar> out) {
        boolean isFinal = context.currentWatermark() >= context.window().maxTimestamp() + allowedLatenessMs;
        for (BarAccumulator bar : accumulated) {
            out.collect(bar.toBar(symbol, windowMs, context.window().getStart(), isFinal));
        }
    }
}
