package dev.tradelake.flink;

import dev.tradelake.model.Bar;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/**
 * The window half of a bar: names the accumulated trades with their symbol and window. Called
 * when the window closes and again for each trade within the allowed lateness, so a bar is
 * re-emitted, whole, with every update; the sink writes it as an upsert.
 */
public final class EmitBar extends ProcessWindowFunction<BarAccumulator, Bar, String, TimeWindow> {
    private static final long serialVersionUID = 1L;

    private final long windowMs;

    public EmitBar(long windowMs) {
        this.windowMs = windowMs;
    }

    @Override
    public void process(String symbol, Context context, Iterable<BarAccumulator> accumulated, Collector<Bar> out) {
        for (BarAccumulator bar : accumulated) {
            out.collect(bar.toBar(symbol, windowMs, context.window().getStart()));
        }
    }
}
