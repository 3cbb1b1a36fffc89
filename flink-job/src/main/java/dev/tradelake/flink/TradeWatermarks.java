package dev.tradelake.flink;

import dev.tradelake.model.WindowSizes;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkGeneratorSupplier;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.util.clock.RelativeClock;

/**
 * Watermarks for trades: bounded out-of-orderness per symbol, idleness, and closing every open
 * window when the feed goes quiet.
 *
 * <ul>
 *   <li><b>Per symbol.</b> The watermark is the smallest "newest trade time minus the bound"
 *       over the symbols that traded recently. A symbol lives on one Kinesis shard (it is the
 *       partition key), so a subtask reading several shards, one of them behind, does not run
 *       ahead of the slow shard's trades and drop them as late.</li>
 *   <li><b>Idleness.</b> A symbol without trades for {@code idlenessMs} of processing time stops
 *       holding the watermark back; a subtask without any trade for that long is marked idle so
 *       the other subtasks carry event time on their own.</li>
 *   <li><b>The last bar closes.</b> After {@code closeAfterQuietMs} of processing time without
 *       any trade, the watermark jumps once to the end of the <em>smallest</em> window holding
 *       the newest trade, so the last bars of that size are emitted instead of waiting for the
 *       next trade. It never jumps further: with {@code 1m,5m} a jump to the end of the 5-minute
 *       window would close the 1-minute windows ahead of trades that are still to come in it,
 *       and send them to the late side output when trading resumes. The larger windows are
 *       written by {@link BarTrigger} once they have been quiet, as bars that may still change
 *       (not final). Trades arriving later for a closed window are within the allowed lateness
 *       and update their bar.</li>
 *   <li><b>Hold.</b> A watermark is emitted {@code holdMs} of processing time after it was
 *       computed. Records reach the job out of time order across symbols (the ingest buffers
 *       each symbol for a linger time), and a symbol the subtask has not seen yet cannot hold the
 *       watermark back; at replay speed that delay spans minutes or hours of trade time, which no
 *       event-time bound could cover.</li>
 * </ul>
 *
 * <p>Activity is sampled at each periodic emit rather than read from the clock per trade.
 */
public final class TradeWatermarks implements WatermarkGenerator<PartialBar> {

    private final long outOfOrdernessMs;
    private final long idlenessMs;
    private final long closeAfterQuietMs;
    private final long holdMs;
    private final long[] windowsMs;
    private final RelativeClock clock;

    private final Map<String, SymbolClock> symbols = new HashMap<>();
    private String lastSymbol;
    private SymbolClock lastSymbolClock;

    private long maxTimestamp = Long.MIN_VALUE;
    private boolean tradedSinceLastEmit;
    private long lastTradeAtMs;
    private boolean closed;
    private boolean idle;
    private long emitted = Long.MIN_VALUE;
    /** Watermarks computed within the last hold, and the newest one before it: {computed at, watermark}. */
    private final ArrayDeque<long[]> held = new ArrayDeque<>();

    /** The newest trade time of one symbol and when (processing time) it last traded. */
    private static final class SymbolClock {
        long maxTimestamp = Long.MIN_VALUE;
        boolean tradedSinceLastEmit;
        long lastTradeAtMs;
    }

    public TradeWatermarks(BarSettings settings, RelativeClock clock) {
        this.outOfOrdernessMs = settings.outOfOrdernessMs();
        this.idlenessMs = settings.idlenessMs();
        this.closeAfterQuietMs = settings.closeAfterQuietMs();
        this.holdMs = settings.holdMs();
        this.windowsMs =
                settings.tradeWindowsMs().stream().mapToLong(Long::longValue).toArray();
        this.clock = clock;
        this.lastTradeAtMs = clock.relativeTimeMillis();
    }

    /** The job's strategy: trade time as the timestamp, watermarks from this generator. */
    public static WatermarkStrategy<PartialBar> strategy(BarSettings settings) {
        return WatermarkStrategy.forGenerator(new Supplier(settings))
                .withTimestampAssigner((partial, previous) -> partial.timestampMs());
    }

    @Override
    public void onEvent(PartialBar partial, long timestamp, WatermarkOutput output) {
        // Partial bars come in runs of one symbol (a record holds one symbol): skip the map lookup within a run.
        SymbolClock symbol = partial.symbol == lastSymbol ? lastSymbolClock : symbolClock(partial.symbol);
        if (timestamp > symbol.maxTimestamp) {
            symbol.maxTimestamp = timestamp;
        }
        symbol.tradedSinceLastEmit = true;
        if (timestamp > maxTimestamp) {
            maxTimestamp = timestamp;
        }
        tradedSinceLastEmit = true;
        if (idle) {
            idle = false;
            output.markActive();
        }
    }

    private SymbolClock symbolClock(String symbol) {
        SymbolClock c = symbols.computeIfAbsent(symbol, s -> new SymbolClock());
        lastSymbol = symbol;
        lastSymbolClock = c;
        return c;
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        long now = clock.relativeTimeMillis();
        if (tradedSinceLastEmit) {
            tradedSinceLastEmit = false;
            lastTradeAtMs = now;
            closed = false;
        }
        long quietMs = now - lastTradeAtMs;
        if (maxTimestamp != Long.MIN_VALUE && !closed && quietMs >= closeAfterQuietMs) {
            closed = true;
            idle = false;
            held.clear(); // nothing arrived for a while: nothing is in flight to protect
            emit(closingWatermark(maxTimestamp, windowsMs), output);
            return;
        }
        if (quietMs >= idlenessMs) {
            if (!idle) {
                idle = true;
                output.markIdle();
            }
            return;
        }
        long watermark = boundedWatermark(now);
        if (watermark != Long.MIN_VALUE) {
            emit(held(now, watermark), output);
        }
    }

    /**
     * The smallest watermark computed over the last {@code holdMs}, once the oldest of them is
     * that old: what was known a hold ago, lowered by any symbol that has turned up since.
     */
    private long held(long now, long watermark) {
        held.addLast(new long[] {now, watermark});
        while (held.size() > 1 && now - secondOldest()[0] >= holdMs) {
            held.pollFirst();
        }
        if (now - held.peekFirst()[0] < holdMs) {
            return Long.MIN_VALUE;
        }
        long min = Long.MAX_VALUE;
        for (long[] entry : held) {
            min = Math.min(min, entry[1]);
        }
        return min;
    }

    private long[] secondOldest() {
        var it = held.iterator();
        it.next();
        return it.next();
    }

    /** The smallest newest-trade time over the symbols active within the idleness, minus the bound. */
    private long boundedWatermark(long now) {
        long min = Long.MAX_VALUE;
        for (SymbolClock symbol : symbols.values()) {
            if (symbol.tradedSinceLastEmit) {
                symbol.tradedSinceLastEmit = false;
                symbol.lastTradeAtMs = now;
            }
            if (now - symbol.lastTradeAtMs < idlenessMs && symbol.maxTimestamp < min) {
                min = symbol.maxTimestamp;
            }
        }
        return min == Long.MAX_VALUE ? Long.MIN_VALUE : min - outOfOrdernessMs - 1;
    }

    private void emit(long watermark, WatermarkOutput output) {
        if (watermark > emitted) {
            emitted = watermark;
            output.emitWatermark(new Watermark(watermark));
        }
    }

    /**
     * The watermark that fires the windows holding {@code timestamp} that end first: the
     * smallest last millisecond of those windows over all sizes. A larger one would close smaller
     * windows after them that trades resuming may still fall in.
     */
    static long closingWatermark(long timestamp, long[] windowsMs) {
        long watermark = Long.MAX_VALUE;
        for (long size : windowsMs) {
            watermark = Math.min(watermark, WindowSizes.windowStart(timestamp, size) + size - 1);
        }
        return watermark;
    }

    static long closingWatermark(long timestamp, List<Long> windowsMs) {
        return closingWatermark(
                timestamp, windowsMs.stream().mapToLong(Long::longValue).toArray());
    }

    private record Supplier(BarSettings settings) implements WatermarkGeneratorSupplier<PartialBar> {
        private static final long serialVersionUID = 1L;

        @Override
        public WatermarkGenerator<PartialBar> createWatermarkGenerator(Context context) {
            return new TradeWatermarks(settings, context.getInputActivityClock());
        }
    }
}
