package dev.tradelake.launcher.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tradelake.launcher.tables.StoredItems.StoredTrade;
import dev.tradelake.model.Bar;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BarHistoryTest {

    private static final long T0 = 1_381_104_000_000L; // 2013-10-07T00:00:00Z
    private static final long MINUTE = 60_000;

    /** Stored one-minute bars in a list, read as the bars table answers: the latest {@code limit}, oldest first. */
    private static final class StoredBars implements Lake {
        final List<Bar> bars = new ArrayList<>();

        @Override
        public List<String> symbols() {
            return List.of("SPY");
        }

        @Override
        public List<Bar> bars1m(String symbol, long fromMs, long toMs, int limit) {
            List<Bar> in = bars.stream()
                    .filter(b -> b.windowStartMs() >= fromMs && b.windowStartMs() <= toMs)
                    .toList();
            return in.subList(Math.max(0, in.size() - limit), in.size());
        }

        @Override
        public List<StoredTrade> latestTrades(String symbol, long fromMs, long toMs, int limit) {
            return List.of();
        }

        @Override
        public List<StoredTrade> tradesFrom(String symbol, long fromMs, int limit) {
            return List.of();
        }

        @Override
        public List<StoredTrade> tradesAfter(String symbol, String afterSortKey, int limit) {
            return List.of();
        }
    }

    private static StoredBars minutes(int count) {
        StoredBars lake = new StoredBars();
        for (int i = 0; i < count; i++) {
            double price = 100 + i;
            lake.bars.add(new Bar(
                    "SPY", MINUTE, T0 + i * MINUTE, price, price + 1, price - 1, price + 0.5, 10, 10 * price, 2));
        }
        return lake;
    }

    @Test
    void theLatestBarsBeforeATimeOldestFirst() {
        List<Bar> page = BarHistory.bars(minutes(100), "SPY", MINUTE, 0, T0 + 49 * MINUTE, 10);
        assertThat(page)
                .extracting(Bar::windowStartMs)
                .containsExactly(
                        T0 + 40 * MINUTE,
                        T0 + 41 * MINUTE,
                        T0 + 42 * MINUTE,
                        T0 + 43 * MINUTE,
                        T0 + 44 * MINUTE,
                        T0 + 45 * MINUTE,
                        T0 + 46 * MINUTE,
                        T0 + 47 * MINUTE,
                        T0 + 48 * MINUTE,
                        T0 + 49 * MINUTE);
    }

    @Test
    void largerWindowsAreWholeAndAlignedOnTheEpoch() {
        // 23 minutes: windows of 5 at 0, 5, 10, 15 and a last one of 3 minutes so far.
        List<Bar> bars = BarHistory.bars(minutes(23), "SPY", 5 * MINUTE, 0, ApiParams.END_OF_TIME, 100);
        assertThat(bars)
                .extracting(Bar::windowStartMs)
                .containsExactly(T0, T0 + 5 * MINUTE, T0 + 10 * MINUTE, T0 + 15 * MINUTE, T0 + 20 * MINUTE);
        Bar first = bars.get(0);
        assertThat(first.open()).isEqualByComparingTo("100");
        assertThat(first.close()).isEqualByComparingTo("104.5");
        assertThat(first.high()).isEqualByComparingTo("105");
        assertThat(first.low()).isEqualByComparingTo("99");
        assertThat(first.trades()).isEqualTo(10);
        assertThat(first.volume()).isEqualByComparingTo("50");
        assertThat(bars.get(4).trades()).isEqualTo(6);
    }

    @Test
    void aLimitThatCutsAWindowLeavesThatWindowOutRatherThanShowItPartly() {
        // The latest 2 windows of 5m read the latest 10 minutes (13..22): the window at 10 would lack 10..12.
        List<Bar> bars = BarHistory.bars(minutes(23), "SPY", 5 * MINUTE, 0, ApiParams.END_OF_TIME, 2);
        assertThat(bars).extracting(Bar::windowStartMs).containsExactly(T0 + 15 * MINUTE, T0 + 20 * MINUTE);
        assertThat(bars)
                .allSatisfy(b -> assertThat(b.trades()).isEqualTo(b.windowStartMs() == T0 + 15 * MINUTE ? 10 : 6));
    }

    @Test
    void aRangeStartingInsideAWindowBeginsWithTheNextWholeOne() {
        List<Bar> bars = BarHistory.bars(minutes(23), "SPY", 5 * MINUTE, T0 + 7 * MINUTE, T0 + 16 * MINUTE, 100);
        assertThat(bars).extracting(Bar::windowStartMs).containsExactly(T0 + 10 * MINUTE, T0 + 15 * MINUTE);
        assertThat(bars.get(1).trades()).isEqualTo(10);
    }
}
