package dev.tradelake.flink;

import dev.tradelake.model.WindowSizes;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Counts each trade id once: the same Kinesis record can arrive twice (the ingest resends a batch
 * after a timeout, a resharded stream is re-read, two ingests run, a user replays a range), and
 * ids are deterministic ({@code symbol:time:seq}), so a trade seen before is dropped before it
 * reaches a bar. Identical trades with different ids are different trades and both count.
 *
 * <p>Keyed by symbol; the state is, per trade millisecond, a bit set of the seqs seen. It only
 * has to outlive the bars a duplicate could still change: once the watermark has passed the end
 * of every window holding a millisecond plus the allowed lateness, any trade of it is late and
 * changes no bar, so an event-time timer (one per largest window, timers of equal time are one)
 * drops those entries.
 * The state is thus bounded by event time, whatever the replay speed.
 *
 * <p>A partial bar whose trades were all seen is dropped whole, one with none seen passes as it
 * is; a mix is folded again from the trades left. Metric: {@code duplicateTrades}.
 */
public final class DropDuplicateTrades extends KeyedProcessFunction<String, PartialBar, PartialBar> {
    private static final long serialVersionUID = 1L;

    private final long[] windowsMs;
    private final long allowedLatenessMs;

    private transient MapState<Long, long[]> seen;
    private transient Counter duplicates;

    public DropDuplicateTrades(BarSettings settings) {
        this.windowsMs = settings.windowsMs().stream().mapToLong(Long::longValue).toArray();
        this.allowedLatenessMs = settings.allowedLatenessMs();
    }

    @Override
    public void open(OpenContext openContext) {
        seen = getRuntimeContext().getMapState(
                new MapStateDescriptor<>("seen-seqs", Types.LONG, PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO));
        duplicates = getRuntimeContext().getMetricGroup().counter("duplicateTrades");
    }

    @Override
    public void processElement(PartialBar partial, Context ctx, Collector<PartialBar> out) throws Exception {
        int n = (int) partial.trades;
        boolean[] dup = new boolean[n];
        int dups = 0;
        long cachedMs = Long.MIN_VALUE;
        long[] bits = null;
        for (int i = 0; i < n; i++) {
            long t = partial.tradeTimes[i];
            if (t != cachedMs) {
                if (bits != null) {
                    seen.put(cachedMs, bits);
                }
                cachedMs = t;
                bits = seen.get(t);
                if (bits == null) {
                    bits = new long[1];
                    ctx.timerService().registerEventTimeTimer(forgetAt(t));
                }
            }
            int seq = partial.tradeSeqs[i];
            int word = seq >>> 6;
            if (word >= bits.length) {
                bits = java.util.Arrays.copyOf(bits, word + 1);
            }
            long mask = 1L << (seq & 63);
            if ((bits[word] & mask) != 0) {
                dup[i] = true;
                dups++;
            } else {
                bits[word] |= mask;
            }
        }
        if (bits != null) {
            seen.put(cachedMs, bits);
        }
        if (dups == 0) {
            out.collect(partial);
            return;
        }
        duplicates.inc(dups);
        if (dups == n) {
            return;
        }
        PartialBar rest = new PartialBar(partial.symbol);
        for (int i = 0; i < n; i++) {
            if (!dup[i]) {
                rest.addKept(partial.tradeTimes[i], partial.tradeSeqs[i], partial.tradePrices[i],
                        partial.tradeVolumes[i], n - dups);
            }
        }
        out.collect(rest);
    }

    private long forgetAt(long timeMs) {
        return forgetAt(timeMs, windowsMs, allowedLatenessMs);
    }

    /** When no trade of {@code timeMs} can change a bar any more: the last of its windows' final times. */
    public static long forgetAt(long timeMs, long[] windowsMs, long allowedLatenessMs) {
        long end = Long.MIN_VALUE;
        for (long size : windowsMs) {
            end = Math.max(end, WindowSizes.windowStart(timeMs, size) + size - 1);
        }
        return end + allowedLatenessMs;
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<PartialBar> out) throws Exception {
        List<Long> done = new ArrayList<>();
        for (Iterator<Map.Entry<Long, long[]>> it = seen.iterator(); it.hasNext(); ) {
            long t = it.next().getKey();
            if (forgetAt(t) <= timestamp) {
                done.add(t);
            }
        }
        for (long t : done) {
            seen.remove(t);
        }
    }
}
