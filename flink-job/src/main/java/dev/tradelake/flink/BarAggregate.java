package dev.tradelake.flink;

import org.apache.flink.api.common.functions.AggregateFunction;

/**
 * The incremental half of a bar window: one {@link BarAccumulator} per (symbol, window) into which
 * the window's partial bars are merged; the trades themselves are never kept.
 */
public final class BarAggregate implements AggregateFunction<PartialBar, BarAccumulator, BarAccumulator> {
    private static final long serialVersionUID = 1L;

    @Override
    public BarAccumulator createAccumulator() {
        return new BarAccumulator();
    }

    @Override
    public BarAccumulator add(PartialBar partial, BarAccumulator accumulator) {
        return accumulator.merge(partial);
    }

    @Override
    public BarAccumulator getResult(BarAccumulator accumulator) {
        return accumulator;
    }

    @Override
    public BarAccumulator merge(BarAccumulator a, BarAccumulator b) {
        return a.merge(b);
    }
}
