package dev.tradelake.flink;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.util.clock.ManualClock;
import org.junit.jupiter.api.Test;

class TradeWatermarksTest {
    private static final long T0 = 1_381_132_800_000L; // a minute boundary
    private static final long BOUND = 5_000;
    private static final long IDLE = 10_000;
    private static final long QUIET = 3_000;

    private final ManualClock clock = new ManualClock(1_000_000_000L);
    private final Output out = new Output();

    /** What the generator told Flink, in order: watermarks as numbers, idle/active as strings. */
    private static final class Output implements WatermarkOutput {
        final List<Object> events = new ArrayList<>();

        @Override
        public void emitWatermark(Watermark watermark) {
            events.add(watermark.getTimestamp());
        }

        @Override
        public void markIdle() {
            events.add("idle");
        }

        @Override
        public void markActive() {
            events.add("active");
        }

        Object last() {
            return events.isEmpty() ? null : events.get(events.size() - 1);
        }

        List<Object> drain() {
            List<Object> copy = List.copyOf(events);
            events.clear();
            return copy;
        }
    }

    private TradeWatermarks generator(List<Long> windows) {
        return new TradeWatermarks(new BarSettings(windows, BOUND, IDLE, 60_000, QUIET, 0), clock);
    }

    private void trade(TradeWatermarks g, String symbol, long t) {
        g.onEvent(PartialBar.ofTrade(symbol, t, 0, BigDecimal.ONE, BigDecimal.ONE), t, out);
    }

    private void advance(long ms, TradeWatermarks g) {
        clock.advanceTime(Duration.ofMillis(ms));
        g.onPeriodicEmit(out);
    }

    @Test
    void trailsTheNewestTradeByTheBound() {
        TradeWatermarks g = generator(List.of(60_000L));
        trade(g, "SPY", T0 + 10_000);
        trade(g, "SPY", T0 + 12_000);
        trade(g, "SPY", T0 + 11_000);
        advance(200, g);

        assertThat(out.drain()).containsExactly(T0 + 12_000 - BOUND - 1);
    }

    @Test
    void neverGoesBackwards() {
        TradeWatermarks g = generator(List.of(60_000L));
        trade(g, "SPY", T0 + 20_000);
        advance(200, g);
        trade(g, "SPY", T0 + 15_000);
        advance(200, g);
        trade(g, "IBM", T0 + 1_000); // a new symbol, far behind: the watermark stays where it was
        advance(200, g);

        assertThat(out.drain()).containsExactly(T0 + 20_000 - BOUND - 1);
    }

    @Test
    void theSlowestActiveSymbolHoldsTheWatermark() {
        TradeWatermarks g = generator(List.of(60_000L));
        trade(g, "SPY", T0 + 30_000);
        trade(g, "AIG", T0 + 10_000); // another shard, read behind
        advance(200, g);
        assertThat(out.drain()).containsExactly(T0 + 10_000 - BOUND - 1);

        trade(g, "AIG", T0 + 20_000);
        trade(g, "SPY", T0 + 31_000);
        advance(200, g);
        assertThat(out.drain()).containsExactly(T0 + 20_000 - BOUND - 1);
    }

    @Test
    void aQuietSymbolStopsHoldingTheWatermarkAfterTheIdleness() {
        TradeWatermarks g = generator(List.of(60_000L));
        trade(g, "AIG", T0 + 1_000);
        trade(g, "SPY", T0 + 2_000);
        advance(200, g);
        assertThat(out.drain()).containsExactly(T0 + 1_000 - BOUND - 1);

        // SPY keeps trading, AIG does not: AIG holds the watermark for the idleness, then lets go.
        long spy = T0 + 2_000;
        for (long elapsed = 200; elapsed < IDLE; elapsed += 200) {
            spy += 200;
            trade(g, "SPY", spy);
            advance(200, g);
        }
        assertThat(out.drain()).as("AIG is not idle yet").isEmpty();

        spy += 200;
        trade(g, "SPY", spy);
        advance(200, g);
        assertThat(out.drain()).containsExactly(spy - BOUND - 1);
    }

    @Test
    void closesTheSmallestOpenWindowAfterTheFeedWasQuiet() {
        TradeWatermarks g = generator(List.of(1_000L, 60_000L, 300_000L));
        trade(g, "SPY", T0 + 61_500); // in [T0+60s, T0+2m) for 1m, [T0, T0+5m) for 5m
        advance(200, g);
        assertThat(out.drain()).containsExactly(T0 + 61_500 - BOUND - 1);

        advance(QUIET - 200, g);
        assertThat(out.drain()).as("not quiet long enough").isEmpty();

        advance(200, g);
        // the end of the 1 s window: a 1 m or 5 m end would close windows trades may still come in
        assertThat(out.drain()).containsExactly(T0 + 61_999);

        advance(200, g);
        assertThat(out.drain()).as("the close is emitted once").isEmpty();
    }

    @Test
    void closingWatermarkIsTheLastMillisecondOfTheEarliestWindowEnd() {
        assertThat(TradeWatermarks.closingWatermark(T0 + 61_500, List.of(60_000L)))
                .isEqualTo(T0 + 119_999);
        assertThat(TradeWatermarks.closingWatermark(T0 + 60_000, List.of(60_000L)))
                .isEqualTo(T0 + 119_999);
        assertThat(TradeWatermarks.closingWatermark(T0 + 59_999, List.of(60_000L)))
                .isEqualTo(T0 + 59_999);
        // 90 s windows are not nested in 1 m ones: the earlier end wins.
        assertThat(TradeWatermarks.closingWatermark(T0 + 100_000, List.of(60_000L, 90_000L)))
                .isEqualTo(Math.min(T0 + 119_999, T0 + 100_000 - Math.floorMod(T0 + 100_000, 90_000L) + 89_999));
        assertThat(TradeWatermarks.closingWatermark(T0 + 61_500, List.of(300_000L, 60_000L)))
                .isEqualTo(T0 + 119_999);
    }

    @Test
    void afterTheCloseAQuietSubtaskIsMarkedIdleAndWakesUpOnTheNextTrade() {
        TradeWatermarks g = generator(List.of(60_000L));
        trade(g, "SPY", T0 + 1_000);
        advance(200, g);
        advance(QUIET, g);
        assertThat(out.drain()).containsExactly(T0 + 1_000 - BOUND - 1, T0 + 59_999);

        advance(IDLE, g);
        assertThat(out.drain()).containsExactly("idle");
        advance(200, g);
        assertThat(out.drain()).as("idle is reported once").isEmpty();

        trade(g, "SPY", T0 + 70_000);
        advance(200, g);
        assertThat(out.drain()).containsExactly("active", T0 + 70_000 - BOUND - 1);
    }

    @Test
    void tradesAfterAClosingWatermarkCloseAgainAfterTheNextQuiet() {
        TradeWatermarks g = generator(List.of(60_000L));
        trade(g, "SPY", T0 + 1_000);
        advance(200, g);
        advance(QUIET, g);
        trade(g, "SPY", T0 + 66_000);
        advance(200, g);
        advance(QUIET, g);

        assertThat(out.drain())
                .containsExactly(T0 + 1_000 - BOUND - 1, T0 + 59_999, T0 + 66_000 - BOUND - 1, T0 + 119_999);
    }

    @Test
    void aHeldWatermarkComesOutAfterTheHoldSoASymbolSeenMeanwhileIsNotLate() {
        long hold = 1_000;
        TradeWatermarks g =
                new TradeWatermarks(new BarSettings(List.of(60_000L), BOUND, IDLE, 60_000, QUIET, hold), clock);
        trade(g, "SPY", T0 + 1_800_000); // a replay: SPY's buffer went out first, half an hour ahead
        advance(200, g);
        trade(g, "AIG", T0 + 10_000); // AIG's first record, buffered by the ingest meanwhile
        advance(200, g);
        assertThat(out.drain()).as("nothing before the hold").isEmpty();

        advance(800, g); // the SPY-only watermark has been held for 1 s, but AIG turned up meanwhile: AIG's counts
        assertThat(out.drain()).containsExactly(T0 + 10_000 - BOUND - 1);

        trade(g, "AIG", T0 + 20_000);
        trade(g, "SPY", T0 + 1_801_000);
        advance(200, g);
        assertThat(out.drain()).as("the AIG-bound watermark of 1 s ago").isEmpty();
        advance(1_000, g);
        assertThat(out.drain()).containsExactly(T0 + 20_000 - BOUND - 1);
    }

    @Test
    void theClosingWatermarkIsNotHeld() {
        TradeWatermarks g =
                new TradeWatermarks(new BarSettings(List.of(60_000L), BOUND, IDLE, 60_000, QUIET, 5_000), clock);
        trade(g, "SPY", T0 + 1_000);
        advance(200, g);
        advance(QUIET, g);

        assertThat(out.drain()).containsExactly(T0 + 59_999);
    }

    @Test
    void aSubtaskThatNeverSawATradeGoesIdleWithoutAWatermark() {
        TradeWatermarks g = generator(List.of(60_000L));
        advance(IDLE - 200, g);
        assertThat(out.drain()).isEmpty();
        advance(200, g);
        assertThat(out.drain()).containsExactly("idle");
    }
}
