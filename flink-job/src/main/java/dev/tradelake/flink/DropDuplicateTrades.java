package dev.tradelake.flink;

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
 * <p>Keyed by symbol; the state is, per trade second, a small hash set of (millisecond, seq): a
 * few bytes a trade, and one state entry per second rather than per trade or millisecond. It
 * only has to outlive the bars a duplicate could still change: once the watermark has passed the
 * end of every trade window holding a second plus the allowed lateness, any trade of it is late and
 * changes no bar (sizes rolled up from finer bars, {@link BarSettings#rolledUpFrom}, change only
 * through those), so an event-time timer (one per largest trade window: timers of equal time are one)
 * removes those seconds. The state is thus bounded by event time, whatever the replay speed, and
 * forgetting costs a few map removals per window, not a scan.
 *
 * <p>A partial bar whose trades were all seen is dropped whole, one with none seen passes as it
 * is; a mix is folded again from the trades left. Metric: {@code duplicateTrades}.
 */
public final class DropDuplicateTrades extends KeyedProcessFunction<String, PartialBar, PartialBar> {
    private static final long serialVersionUID = 1L;
    private static final long SECOND = 1_000;

    private final TradeWindows windows;
    private final long largestWindowMs;
    private final long allowedLatenessMs;

    private transient MapState<Long, int[]> seen;
    private transient Counter duplicates;

    public DropDuplicateTrades(BarSettings settings) {
        // Rolled-up sizes take the trade windows' bars: only those hold trades a duplicate could change.
        this.windows = settings.tradeWindows();
        this.largestWindowMs = windows.largestMs();
        this.allowedLatenessMs = settings.allowedLatenessMs();
    }

    @Override
    public void open(OpenContext openContext) {
        seen = getRuntimeContext()
                .getMapState(new MapStateDescriptor<>(
                        "seen-ids", Types.LONG, PrimitiveArrayTypeInfo.INT_PRIMITIVE_ARRAY_TYPE_INFO));
        duplicates = getRuntimeContext().getMetricGroup().counter("duplicateTrades");
    }

    @Override
    public void processElement(PartialBar partial, Context ctx, Collector<PartialBar> out) throws Exception {
        int n = (int) partial.trades;
        boolean[] dup = new boolean[n];
        int dups = 0;
        long second = Long.MIN_VALUE;
        int[] ids = null;
        for (int i = 0; i < n; i++) {
            long t = partial.tradeTimes[i];
            long s = Math.floorDiv(t, SECOND);
            if (s != second) {
                if (ids != null) {
                    seen.put(second, ids);
                }
                second = s;
                ids = seen.get(s);
                if (ids == null) {
                    ids = IdSet.create();
                    ctx.timerService().registerEventTimeTimer(forgetAt(s));
                }
            }
            int id = IdSet.id(Math.floorMod(t, SECOND), partial.tradeSeqs[i]);
            if (IdSet.contains(ids, id)) {
                dup[i] = true;
                dups++;
            } else {
                ids = IdSet.add(ids, id);
            }
        }
        if (ids != null) {
            seen.put(second, ids);
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
                rest.addKept(
                        partial.tradeTimes[i],
                        partial.tradeSeqs[i],
                        partial.tradePrices[i],
                        partial.tradeVolumes[i],
                        n - dups);
            }
        }
        out.collect(rest);
    }

    /** When no trade of {@code second} can change a bar any more: the last of its windows' final times. */
    private long forgetAt(long second) {
        return windows.finalTimeOf(second * SECOND + SECOND - 1);
    }

    /** Removes the seconds this timer was registered for: they lie within a largest window before it. */
    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<PartialBar> out) throws Exception {
        long newest = Math.floorDiv(timestamp - allowedLatenessMs, SECOND);
        long oldest = newest - Math.floorDiv(largestWindowMs, SECOND) - 1;
        for (long s = oldest; s <= newest; s++) {
            if (forgetAt(s) <= timestamp) {
                seen.remove(s);
            }
        }
    }

    /**
     * A set of trade ids within one second as an open-addressing table of ints: id = millisecond
     * of the second (10 bits) and seq (20 bits: {@code TradeRules.MAX_SEQ} is 999,999), stored + 1
     * so that 0 is empty; the last slot holds the count.
     */
    static final class IdSet {
        private static final int INITIAL = 16;

        private IdSet() {}

        static int id(long msOfSecond, int seq) {
            return (int) (msOfSecond << 20 | seq) + 1;
        }

        static int[] create() {
            return new int[INITIAL + 1];
        }

        static boolean contains(int[] set, int id) {
            int mask = set.length - 2;
            for (int i = mix(id) & mask; ; i = (i + 1) & mask) {
                if (set[i] == 0) {
                    return false;
                }
                if (set[i] == id) {
                    return true;
                }
            }
        }

        /** Adds an id known to be absent; returns the set, a larger one when it had to grow. */
        static int[] add(int[] set, int id) {
            int capacity = set.length - 1;
            if ((set[capacity] + 1) * 2 > capacity) {
                int[] bigger = new int[capacity * 2 + 1];
                for (int i = 0; i < capacity; i++) {
                    if (set[i] != 0) {
                        insert(bigger, set[i]);
                    }
                }
                bigger[capacity * 2] = set[capacity];
                set = bigger;
            }
            insert(set, id);
            set[set.length - 1]++;
            return set;
        }

        private static void insert(int[] set, int id) {
            int mask = set.length - 2;
            int i = mix(id) & mask;
            while (set[i] != 0) {
                i = (i + 1) & mask;
            }
            set[i] = id;
        }

        private static int mix(int id) {
            int h = id * 0x9E3779B9;
            return h ^ (h >>> 16);
        }
    }
}
