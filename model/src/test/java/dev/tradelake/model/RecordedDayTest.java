package dev.tradelake.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tradelake.model.testing.RecordedDay;
import dev.tradelake.model.testing.RecordedDay.ReferenceBar;
import dev.tradelake.model.testing.RecordedDay.SymbolTotals;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The codec against the recorded day of ../shared/data; skipped where that data is absent. */
class RecordedDayTest {

    @BeforeAll
    static void needsTheRecordedDay() {
        RecordedDay.assumePresent();
    }

    @Test
    void everyFrameParsesWithoutARejection() {
        List<String> frames = RecordedDay.frames();
        Map<RejectReason, Integer> rejections = new EnumMap<>(RejectReason.class);
        int trades = 0;
        int pings = 0;
        for (String text : frames) {
            FinnhubFrame frame = FinnhubCodec.parse(text);
            if (frame instanceof FinnhubFrame.Trades t) {
                trades += t.trades().size();
                t.rejected().forEach(r -> rejections.merge(r.reason(), 1, Integer::sum));
            } else if (frame instanceof FinnhubFrame.Ping) {
                pings++;
            } else if (frame instanceof FinnhubFrame.Rejected r) {
                rejections.merge(r.rejection().reason(), 1, Integer::sum);
            } else {
                throw new AssertionError("unexpected frame " + frame + " from " + text);
            }
        }
        assertThat(rejections).isEmpty();
        assertThat(trades).isEqualTo(RecordedDay.TOTAL_TRADES).isEqualTo(388_417);
        assertThat(pings).isPositive();
        assertThat(frames).hasSize(57_195);
    }

    @Test
    void perSymbolCountsAndVolumesMatchTheTotalsFile() {
        Map<String, long[]> counts = new TreeMap<>();
        Map<String, double[]> volumeAndTurnover = new TreeMap<>();
        for (FeedTrade t : RecordedDay.trades()) {
            counts.computeIfAbsent(t.symbol(), s -> new long[1])[0]++;
            double[] sums = volumeAndTurnover.computeIfAbsent(t.symbol(), s -> new double[2]);
            sums[0] += t.volume().doubleValue();
            sums[1] += t.price().doubleValue() * t.volume().doubleValue();
        }
        Map<String, SymbolTotals> totals = RecordedDay.totals();
        assertThat(totals.keySet()).containsExactlyElementsOf(RecordedDay.SYMBOLS);
        assertThat(counts.keySet()).containsExactlyElementsOf(totals.keySet());
        for (SymbolTotals expected : totals.values()) {
            String s = expected.symbol();
            assertThat(counts.get(s)[0]).as(s + " trades").isEqualTo(expected.trades());
            assertThat(volumeAndTurnover.get(s)[0]).as(s + " volume").isEqualTo(expected.volume());
            assertThat(volumeAndTurnover.get(s)[1] / volumeAndTurnover.get(s)[0])
                    .as(s + " vwap")
                    .isCloseTo(expected.vwap(), within(1e-6));
        }
        assertThat(totals.values().stream().mapToLong(SymbolTotals::trades).sum())
                .isEqualTo(RecordedDay.TOTAL_TRADES);
    }

    /**
     * Same-millisecond trades and exact copies (same ms, price, volume, conditions) are real and
     * many. The data README counts 47,879 SPY copies; counted as trades equal to an earlier one
     * the file holds 61,441 (in 32,757 groups), which is what this pins.
     */
    @Test
    void sameMillisecondTradesAndExactCopiesAreCommon() {
        Set<Long> spyMillis = new HashSet<>();
        Set<FeedTrade> seen = new HashSet<>();
        int spyTrades = 0;
        int spyCopies = 0;
        for (FeedTrade t : RecordedDay.trades()) {
            if (t.symbol().equals("SPY")) {
                spyTrades++;
                spyMillis.add(t.timeMs());
                if (!seen.add(t)) {
                    spyCopies++;
                }
            }
        }
        assertThat(spyTrades).isEqualTo(250_601);
        assertThat(spyMillis).hasSize(116_162);
        assertThat(spyCopies).isEqualTo(61_441);
    }

    @Test
    void oneMinuteBarsMatchTheReferenceFile() {
        record Key(String symbol, long start) {}
        Map<Key, double[]> bars = new HashMap<>(); // open, high, low, close, volume, turnover, trades
        for (FeedTrade t : RecordedDay.trades()) {
            Key key = new Key(t.symbol(), WindowSizes.windowStart(t.timeMs(), 60_000));
            double[] b = bars.get(key);
            if (b == null) {
                bars.put(key, new double[] {
                    t.price().doubleValue(),
                    t.price().doubleValue(),
                    t.price().doubleValue(),
                    t.price().doubleValue(),
                    t.volume().doubleValue(),
                    t.price().doubleValue() * t.volume().doubleValue(),
                    1
                });
            } else {
                // The file is in time order per symbol, so the last trade seen is the close.
                b[1] = Math.max(b[1], t.price().doubleValue());
                b[2] = Math.min(b[2], t.price().doubleValue());
                b[3] = t.price().doubleValue();
                b[4] += t.volume().doubleValue();
                b[5] += t.price().doubleValue() * t.volume().doubleValue();
                b[6]++;
            }
        }
        List<ReferenceBar> reference = RecordedDay.bars1m();
        assertThat(reference).hasSize(2_310);
        assertThat(bars).hasSameSizeAs(reference);
        for (ReferenceBar r : reference) {
            double[] b = bars.get(new Key(r.symbol(), r.windowStartMs()));
            assertThat(b).as(r.toString()).isNotNull();
            assertThat(new double[] {b[0], b[1], b[2], b[3], b[4], b[6]})
                    .as(r.toString())
                    .containsExactly(r.open(), r.high(), r.low(), r.close(), r.volume(), r.trades());
            if (r.vwap() == null) {
                assertThat(b[4]).isZero();
            } else {
                assertThat(b[5] / b[4]).as(r.toString()).isCloseTo(r.vwap(), within(1e-8));
            }
        }
    }

    @Test
    void tradesAreInTimeOrderPerSymbol() {
        Map<String, Long> last = new HashMap<>();
        FeedTrade outOfOrder = null;
        for (FeedTrade t : RecordedDay.trades()) {
            Long previous = last.put(t.symbol(), t.timeMs());
            if (previous != null && previous > t.timeMs() && outOfOrder == null) {
                outOfOrder = t;
            }
        }
        assertThat(outOfOrder).isNull();
    }
}
