package dev.tradelake.flink.testing;

import dev.tradelake.flink.BarAccumulator;
import dev.tradelake.model.Bar;
import dev.tradelake.model.Trade;
import dev.tradelake.model.TradeRecordFormat;
import dev.tradelake.model.WindowSizes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The bars of a set of records computed by a plain single-threaded loop: decode every record,
 * fold every trade into its (symbol, window) accumulator. The yardstick for the job's throughput
 * and a reference for its results (no event time, no lateness: every trade counts).
 */
public final class PlainBars {
    private PlainBars() {}

    public static Map<CollectedBars.Key, Bar> compute(List<byte[]> records, List<Long> windowsMs) {
        Map<CollectedBars.Key, BarAccumulator> accumulators = new HashMap<>();
        for (byte[] record : records) {
            TradeRecordFormat.Decoded decoded;
            try {
                decoded = TradeRecordFormat.decode(record);
            } catch (TradeRecordFormat.MalformedRecordException e) {
                continue;
            }
            for (long windowMs : windowsMs) {
                CollectedBars.Key key = null;
                BarAccumulator acc = null;
                for (Trade t : decoded.trades()) {
                    long start = WindowSizes.windowStart(t.timeMs(), windowMs);
                    if (key == null || key.windowStartMs() != start) {
                        key = new CollectedBars.Key(decoded.symbol(), windowMs, start);
                        acc = accumulators.computeIfAbsent(key, k -> new BarAccumulator());
                    }
                    acc.add(t.timeMs(), t.seq(), t.price(), t.volume());
                }
            }
        }
        Map<CollectedBars.Key, Bar> bars = new HashMap<>(accumulators.size() * 2);
        accumulators.forEach((k, acc) -> bars.put(k, acc.toBar(k.symbol(), k.windowMs(), k.windowStartMs())));
        return bars;
    }

    /** True when both hold the same bars, digit for digit (the sums are exact in any order), final or not. */
    public static boolean same(Map<CollectedBars.Key, Bar> a, Map<CollectedBars.Key, Bar> b) {
        return differences(a, b, 1).isEmpty();
    }

    /** Up to {@code limit} descriptions of how {@code actual} differs from {@code expected}. */
    public static List<String> differences(
            Map<CollectedBars.Key, Bar> actual, Map<CollectedBars.Key, Bar> expected, int limit) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<CollectedBars.Key, Bar> e : expected.entrySet()) {
            if (out.size() >= limit) {
                return out;
            }
            Bar y = e.getValue();
            Bar x = actual.get(e.getKey());
            if (x == null) {
                out.add("missing " + y);
            } else if (!x.withFinal(false).equals(y.withFinal(false))) {
                out.add("expected " + y + " but was " + x);
            }
        }
        for (CollectedBars.Key k : actual.keySet()) {
            if (out.size() >= limit) {
                return out;
            }
            if (!expected.containsKey(k)) {
                out.add("unexpected " + actual.get(k));
            }
        }
        return out;
    }
}
