package dev.tradelake.flink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tradelake.model.Bar;
import dev.tradelake.model.Decimals;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BarAggregateTest {
    private static final long MINUTE = 60_000;
    private static final long T0 = 1_381_132_800_000L;

    private final BarAggregate aggregate = new BarAggregate();

    private Bar fold(List<PartialBar> ticks) {
        BarAccumulator acc = aggregate.createAccumulator();
        for (PartialBar t : ticks) {
            acc = aggregate.add(t, acc);
        }
        return aggregate.getResult(acc).toBar("SPY", MINUTE, T0);
    }

    private static PartialBar tick(long t, int seq, double price, double volume) {
        return PartialBar.ofTrade("SPY", t, seq, Decimals.of(price), Decimals.of(volume));
    }

    @Test
    void computesOhlcVolumeTurnoverAndCount() {
        Bar bar = fold(List.of(
                tick(T0 + 5, 0, 10.0, 100),
                tick(T0 + 6, 0, 12.0, 50),
                tick(T0 + 7, 0, 9.5, 200),
                tick(T0 + 9, 0, 11.0, 10)));

        assertThat(bar.open()).isEqualByComparingTo("10.0");
        assertThat(bar.high()).isEqualByComparingTo("12.0");
        assertThat(bar.low()).isEqualByComparingTo("9.5");
        assertThat(bar.close()).isEqualByComparingTo("11.0");
        assertThat(bar.volume()).isEqualByComparingTo("360");
        assertThat(bar.trades()).isEqualTo(4);
        assertThat(bar.turnover()).isEqualByComparingTo("3610");
        assertThat(bar.vwap().map(Decimals::text)).contains("10.027777777777777778"); // 3610 / 360, 20 digits
        assertThat(bar.series()).isEqualTo("SPY#1m");
    }

    @Test
    void breaksTiesWithinAMillisecondBySeqWhateverTheArrivalOrder() {
        // Three trades in the first and three in the last millisecond; seq is the exchange's order.
        List<PartialBar> ticks = new ArrayList<>(List.of(
                tick(T0, 0, 1.0, 1),
                tick(T0, 1, 2.0, 1),
                tick(T0, 2, 3.0, 1),
                tick(T0 + 100, 0, 4.0, 1),
                tick(T0 + 100, 1, 5.0, 1),
                tick(T0 + 100, 2, 6.0, 1)));
        Random random = new Random(7);
        for (int round = 0; round < 20; round++) {
            Collections.shuffle(ticks, random);
            Bar bar = fold(ticks);
            assertThat(bar.open()).as("open, order %s", ticks).isEqualByComparingTo("1.0");
            assertThat(bar.close()).as("close, order %s", ticks).isEqualByComparingTo("6.0");
        }
    }

    @Test
    void outOfOrderArrivalGivesTheSameBarAsTimeOrder() {
        List<PartialBar> ticks = new ArrayList<>();
        Random random = new Random(11);
        for (int i = 0; i < 500; i++) {
            ticks.add(
                    tick(T0 + random.nextInt(60_000), i, 100 + random.nextInt(500) / 100.0, random.nextInt(10) * 100));
        }
        List<PartialBar> inTimeOrder = new ArrayList<>(ticks);
        inTimeOrder.sort((a, b) -> a.openTimeMs != b.openTimeMs
                ? Long.compare(a.openTimeMs, b.openTimeMs)
                : Integer.compare(a.openSeq, b.openSeq));

        Bar ordered = fold(inTimeOrder);
        Bar shuffled = fold(ticks);

        assertThat(shuffled.open()).isEqualTo(inTimeOrder.get(0).open);
        assertThat(shuffled.close()).isEqualTo(inTimeOrder.get(inTimeOrder.size() - 1).close);
        assertThat(shuffled.high()).isEqualTo(ordered.high());
        assertThat(shuffled.low()).isEqualTo(ordered.low());
        assertThat(shuffled.volume()).isEqualTo(ordered.volume());
        assertThat(shuffled.trades()).isEqualTo(500);
        assertThat(shuffled.turnover()).isEqualTo(ordered.turnover());
    }

    @Test
    void zeroVolumeTradesCountForOhlcAndTradesButNotForVwap() {
        Bar bar = fold(List.of(tick(T0, 0, 50.0, 0), tick(T0 + 1, 0, 10.0, 100), tick(T0 + 2, 0, 70.0, 0)));

        assertThat(bar.open()).isEqualByComparingTo("50.0");
        assertThat(bar.high()).isEqualByComparingTo("70.0");
        assertThat(bar.low()).isEqualByComparingTo("10.0");
        assertThat(bar.close()).isEqualByComparingTo("70.0");
        assertThat(bar.trades()).isEqualTo(3);
        assertThat(bar.volume()).isEqualByComparingTo("100");
        assertThat(bar.vwap().map(Decimals::text)).contains("10");
    }

    @Test
    void aBarOfOnlyZeroVolumeHasNoVwap() {
        Bar bar = fold(List.of(tick(T0, 0, 50.0, 0), tick(T0 + 1, 0, 51.0, 0)));

        assertThat(bar.volume()).isZero();
        assertThat(bar.turnover()).isZero();
        assertThat(bar.trades()).isEqualTo(2);
        assertThat(bar.vwap()).isEmpty();
    }

    @Test
    void aLateTradeUpdatesTheBarItArrivesInto() {
        BarAccumulator acc = aggregate.createAccumulator();
        acc = aggregate.add(tick(T0 + 10_000, 0, 20.0, 100), acc);
        acc = aggregate.add(tick(T0 + 20_000, 0, 21.0, 100), acc);
        Bar before = aggregate.getResult(acc).toBar("SPY", MINUTE, T0);

        // After the window fired, a trade from the window's start arrives within the allowed lateness.
        acc = aggregate.add(tick(T0 + 1, 0, 25.0, 200), acc);
        Bar after = aggregate.getResult(acc).toBar("SPY", MINUTE, T0);

        assertThat(before.open()).isEqualByComparingTo("20.0");
        assertThat(after.open()).isEqualByComparingTo("25.0");
        assertThat(after.close()).isEqualByComparingTo("21.0");
        assertThat(after.high()).isEqualByComparingTo("25.0");
        assertThat(after.volume()).isEqualByComparingTo("400");
        assertThat(after.trades()).isEqualTo(3);
        assertThat(after.vwap().map(Decimals::text)).contains("22.75"); // (2000 + 2100 + 5000) / 400
    }

    @Test
    void partialBarsFoldedInAnyGroupingAndOrderGiveTheBarOfAllTrades() {
        List<PartialBar> ticks = List.of(
                tick(T0 + 3, 1, 9.0, 5),
                tick(T0 + 3, 0, 8.0, 5),
                tick(T0 + 50, 0, 7.0, 0),
                tick(T0 + 1, 0, 10.0, 1),
                tick(T0 + 50, 1, 11.0, 3));
        // Two partial bars, as two records would give, each of interleaved trades; merged in reverse order.
        PartialBar left = new PartialBar("SPY");
        PartialBar right = new PartialBar("SPY");
        for (int i = 0; i < ticks.size(); i++) {
            PartialBar t = ticks.get(i);
            (i % 2 == 0 ? left : right).add(t.openTimeMs, t.openSeq, t.open, t.volume);
        }
        Bar merged = fold(List.of(right, left));
        Bar folded = fold(ticks);

        assertThat(merged.open()).isEqualByComparingTo("10.0");
        assertThat(merged.close()).isEqualByComparingTo("11.0");
        assertThat(merged).isEqualTo(folded);
        assertThat(aggregate.merge(aggregate.createAccumulator(), right).trades).isEqualTo(right.trades);
        assertThat(aggregate.merge(left, aggregate.createAccumulator()).trades).isEqualTo(left.trades);
    }

    @Test
    void tenThousandTradesOfOneTenthSumToExactlyOneThousand() {
        BarAccumulator acc = aggregate.createAccumulator();
        for (int i = 0; i < 10_000; i++) {
            acc = aggregate.add(
                    PartialBar.ofTrade("BTC", T0 + i, 0, new BigDecimal("43251.12"), new BigDecimal("0.1")), acc);
        }
        Bar bar = acc.toBar("BTC", MINUTE, T0);

        assertThat(Decimals.text(bar.volume())).isEqualTo("1000");
        assertThat(Decimals.text(bar.turnover())).isEqualTo("43251120");
        assertThat(bar.vwap().map(Decimals::text)).contains("43251.12");
    }

    @Test
    void eightDecimalVolumesSumExactlyInAnyGroupingAndOrder() {
        Random random = new Random(17);
        List<PartialBar> ticks = new ArrayList<>();
        BigDecimal volume = BigDecimal.ZERO;
        BigDecimal turnover = BigDecimal.ZERO;
        for (int i = 0; i < 5_000; i++) {
            BigDecimal price = BigDecimal.valueOf(4_000_000 + random.nextInt(100_000), 2);
            BigDecimal size = BigDecimal.valueOf(1 + random.nextInt(100_000_000), 8);
            ticks.add(PartialBar.ofTrade("BTC", T0 + random.nextInt(60_000), i, price, size));
            volume = volume.add(size);
            turnover = turnover.add(price.multiply(size));
        }
        Bar inOrder = fold(ticks);
        Collections.shuffle(ticks, random);
        PartialBar half = new PartialBar("BTC");
        ticks.subList(0, 2_500).forEach(half::merge);
        List<PartialBar> grouped = new ArrayList<>(ticks.subList(2_500, 5_000));
        grouped.add(half);
        Bar regrouped = fold(grouped);

        assertThat(inOrder.volume()).isEqualByComparingTo(volume);
        assertThat(inOrder.turnover()).isEqualByComparingTo(turnover);
        assertThat(regrouped).isEqualTo(inOrder);
        assertThat(Decimals.text(inOrder.volume())).doesNotContain("E").matches("\\d+(\\.\\d{1,8})?");
    }
}
