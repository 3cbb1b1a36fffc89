package dev.tradelake.flink;

import dev.tradelake.model.Bar;
import dev.tradelake.model.BarRollup;
import dev.tradelake.model.WindowSizes;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bars of a coarse size rolled up from the job's own bars of a finer size that divides it
 * (1h from 1m, 1d from 1h), by {@link BarRollup}: a stored coarse bar is then exactly the rollup of
 * the stored finer bars, as {@code ./datalake query} would compute it. A trade late for the finer
 * window is in neither; a duplicate was dropped before both.
 *
 * <p>Keyed by symbol. It keeps the latest version of each finer bar of the coarse periods still
 * open and, whenever one of them changes (more trades: a window firing on time or after a quiet
 * period, a late trade within the allowed lateness), emits the period's coarse bar, not final, so
 * a forming hour is live. A finer bar re-emitted with the trades it had (its final firing) changes
 * nothing and emits nothing. When the watermark passes the period's end plus the allowed lateness
 * (an event-time timer) every finer bar of it is final, since a finer window ends no later; the
 * coarse bar is emitted final, as a trade window's is, and the period's state is dropped.
 *
 * <p>Every bar it takes, of any size, it passes on before its own: the rollups of a trade window's
 * bars are chained one after the other ({@code bars-1m -> rollup-1h -> rollup-1d -> sink}), so the
 * bars reach the sink in one chained stream, never serialized between threads.
 *
 * <p>Metric: {@code lateFinerBars}, finer bars that came after their coarse bar was final; the
 * windows' watermark rules make that impossible, so any count is a bug to look at.
 */
public final class RollUpBars extends KeyedProcessFunction<String, Bar, Bar> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(RollUpBars.class);

    private final long finerMs;
    private final long coarseMs;
    private final long allowedLatenessMs;

    /** The finer bars of the open periods, by window start. */
    private transient MapState<Long, Bar> finer;

    private transient Counter lateFinerBars;
    private transient SparseLog lateLog;

    public RollUpBars(long finerMs, long coarseMs, long allowedLatenessMs) {
        if (finerMs <= 0 || coarseMs <= finerMs || coarseMs % finerMs != 0) {
            throw new IllegalArgumentException("cannot roll up " + WindowSizes.label(finerMs) + " bars into "
                    + WindowSizes.label(coarseMs) + " bars");
        }
        this.finerMs = finerMs;
        this.coarseMs = coarseMs;
        this.allowedLatenessMs = allowedLatenessMs;
    }

    @Override
    public void open(OpenContext openContext) {
        finer = getRuntimeContext()
                .getMapState(new MapStateDescriptor<>("finer-bars", Types.LONG, TypeInformation.of(Bar.class)));
        lateFinerBars = getRuntimeContext().getMetricGroup().counter("lateFinerBars");
        lateLog = new SparseLog(LOG, SparseLog.DEFAULT_INTERVAL_MS);
    }

    @Override
    public void processElement(Bar bar, Context ctx, Collector<Bar> out) throws Exception {
        out.collect(bar); // passed on: the sizes of one chain reach the sink through its last operator
        if (bar.windowMs() != finerMs) {
            return;
        }
        long periodStart = WindowSizes.windowStart(bar.windowStartMs(), coarseMs);
        long finalAt = finalTime(periodStart);
        if (finalAt <= ctx.timerService().currentWatermark()) {
            lateFinerBars.inc();
            lateLog.warn(
                    ctx.timerService().currentProcessingTime(),
                    "a {} bar of {} at {} came after its {} bar was final; not rolled up",
                    WindowSizes.label(finerMs),
                    bar.symbol(),
                    bar.windowStartMs(),
                    WindowSizes.label(coarseMs));
            return;
        }
        Bar stored = finer.get(bar.windowStartMs());
        if (stored != null && stored.trades() >= bar.trades()) {
            return; // the same bar again: trades are only ever added to a bar
        }
        finer.put(bar.windowStartMs(), bar);
        ctx.timerService().registerEventTimeTimer(finalAt);
        out.collect(rollUp(periodStart, false));
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Bar> out) throws Exception {
        long periodStart = timestamp - allowedLatenessMs - coarseMs + 1;
        Bar coarse = rollUp(periodStart, true);
        if (coarse != null) {
            out.collect(coarse);
        }
        for (long start = periodStart; start < periodStart + coarseMs; start += finerMs) {
            finer.remove(start);
        }
    }

    /** The coarse bar of the period from the finer bars held (one lookup per finer window of it); null for none. */
    private Bar rollUp(long periodStart, boolean isFinal) throws Exception {
        List<Bar> bars = new ArrayList<>();
        for (long start = periodStart; start < periodStart + coarseMs; start += finerMs) {
            Bar bar = finer.get(start);
            if (bar != null) {
                bars.add(bar);
            }
        }
        return bars.isEmpty()
                ? null
                : BarRollup.rollUpBars(bars, coarseMs).get(0).withFinal(isFinal);
    }

    /** When no finer bar of the period can change any more: as a trade window of the coarse size. */
    private long finalTime(long periodStart) {
        return periodStart + coarseMs - 1 + allowedLatenessMs;
    }
}
