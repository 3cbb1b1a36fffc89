package dev.tradelake.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BarRollupTest {

    private static final long MINUTE = 60_000;
    /** 2013-10-07T13:30:00Z, the recorded day's open. */
    private static final long T0 = 1_381_152_600_000L;

    private static final BarPeriods FIVE_MINUTES = BarPeriods.of("5m", null);

    @Test
    void rollsUpOpenOfTheFirstCloseOfTheLastExtremesAndSums() {
        List<DecimalBar> bars = List.of(
                bar(T0, "10", "12", "9", "11", "100", "1050", 3),
                bar(T0 + MINUTE, "11", "15", "10.5", "14", "300", "3900", 5),
                bar(T0 + 3 * MINUTE, "14", "14", "8", "9", "100", "1000", 2));

        List<DecimalBar> rolled = BarRollup.rollUp(bars, FIVE_MINUTES);

        assertThat(rolled)
                .containsExactly(new DecimalBar(
                        "SPY", T0, T0 + 5 * MINUTE, d("10"), d("15"), d("8"), d("9"), d("500"), d("5950"), 10, false));
        // 5950 / 500, not the average of the VWAPs 10.5, 13 and 10 (11.1666...).
        assertThat(rolled.get(0).vwap()).contains(d("11.9"));
    }

    @Test
    void startsANewBarAtEveryPeriodAndKeepsPeriodOrderWhateverTheInputOrder() {
        List<DecimalBar> bars = List.of(
                bar(T0 + 6 * MINUTE, "3", "3", "3", "3", "1", "3", 1),
                bar(T0 + 4 * MINUTE, "2", "2", "2", "2", "1", "2", 1),
                bar(T0, "1", "1", "1", "1", "1", "1", 1));

        List<DecimalBar> rolled = BarRollup.rollUp(bars, FIVE_MINUTES);

        assertThat(rolled).extracting(DecimalBar::windowStartMs).containsExactly(T0, T0 + 5 * MINUTE);
        assertThat(rolled.get(0).open()).isEqualTo(d("1"));
        assertThat(rolled.get(0).close()).isEqualTo(d("2"));
        assertThat(rolled.get(0).trades()).isEqualTo(2);
    }

    @Test
    void aRollupOfZeroVolumeBarsHasNoVwap() {
        List<DecimalBar> bars = List.of(
                bar(T0, "10", "10", "10", "10", "0", "0", 1), bar(T0 + MINUTE, "11", "11", "11", "11", "0", "0", 2));

        DecimalBar rolled = BarRollup.rollUp(bars, FIVE_MINUTES).get(0);

        assertThat(rolled.volume()).isEqualByComparingTo("0");
        assertThat(rolled.trades()).isEqualTo(3);
        assertThat(rolled.vwap()).isEmpty();
        assertThat(rolled.filled()).isFalse();
    }

    @Test
    void aLateUpdatedBarReplacesItsEarlierVersion() {
        DecimalBar first = bar(T0 + MINUTE, "11", "12", "11", "12", "100", "1150", 2);
        DecimalBar updated = bar(T0 + MINUTE, "11", "20", "7", "8", "400", "4000", 6);
        List<DecimalBar> bars = List.of(
                bar(T0, "10", "10", "10", "10", "100", "1000", 1),
                first,
                bar(T0 + 2 * MINUTE, "9", "9", "9", "9", "100", "900", 1),
                updated);

        DecimalBar rolled = BarRollup.rollUp(bars, FIVE_MINUTES).get(0);

        assertThat(rolled.high()).isEqualTo(d("20"));
        assertThat(rolled.low()).isEqualTo(d("7"));
        assertThat(rolled.close()).isEqualTo(d("9"));
        assertThat(rolled.volume()).isEqualByComparingTo("600");
        assertThat(rolled.turnover()).isEqualByComparingTo("5900");
        assertThat(rolled.trades()).isEqualTo(8);
    }

    @Test
    void sumsAreExactDecimals() {
        List<DecimalBar> tenths = new ArrayList<>();
        List<DecimalBar> satoshis = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            // 1-second bars: 10,000 of them span 2 h 47 min; a 1d rollup holds them all.
            tenths.add(new DecimalBar(
                    "BTC",
                    T0 + i * 1000L,
                    T0 + i * 1000L + 1000,
                    d("100.1"),
                    d("100.1"),
                    d("100.1"),
                    d("100.1"),
                    d("0.1"),
                    d("10.01"),
                    1,
                    false));
            satoshis.add(new DecimalBar(
                    "BTC",
                    T0 + i * 1000L,
                    T0 + i * 1000L + 1000,
                    d("1"),
                    d("1"),
                    d("1"),
                    d("1"),
                    d("0.00000001"),
                    d("0.00000001"),
                    1,
                    false));
        }
        BarPeriods day = BarPeriods.of("1d", null);

        DecimalBar tenthsDay = BarRollup.rollUp(tenths, day).get(0);
        DecimalBar satoshisDay = BarRollup.rollUp(satoshis, day).get(0);

        assertThat(tenthsDay.volume()).isEqualByComparingTo("1000");
        assertThat(tenthsDay.turnover()).isEqualByComparingTo("100100");
        assertThat(tenthsDay.vwap()).contains(d("100.1"));
        assertThat(satoshisDay.volume()).isEqualByComparingTo("0.0001");
        assertThat(satoshisDay.vwap()).contains(d("1"));
        double binary = 0;
        for (int i = 0; i < 10_000; i++) {
            binary += 0.1;
        }
        assertThat(binary).as("what a double sum gives").isNotEqualTo(1000.0);
    }

    @Test
    void aRollupIntoItsOwnSizeIsTheBarsThemselves() {
        List<DecimalBar> bars = List.of(
                bar(T0, "10", "12", "9", "11", "100", "1050", 3),
                bar(T0 + MINUTE, "11", "15", "10.5", "14", "300", "3900", 5));

        assertThat(BarRollup.rollUp(bars, BarPeriods.of("1m", null))).isEqualTo(bars);
    }

    @Test
    void refusesBarsOfTwoSymbolsOrSizesAndBarsThatStraddleAPeriod() {
        assertThatThrownBy(() -> BarRollup.rollUp(
                        List.of(
                                bar(T0, "1", "1", "1", "1", "1", "1", 1),
                                new DecimalBar(
                                        "IBM",
                                        T0,
                                        T0 + MINUTE,
                                        d("1"),
                                        d("1"),
                                        d("1"),
                                        d("1"),
                                        d("1"),
                                        d("1"),
                                        1,
                                        false)),
                        FIVE_MINUTES))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("one symbol");
        assertThatThrownBy(() -> BarRollup.rollUp(
                        List.of(new DecimalBar(
                                "SPY",
                                T0 + 3 * MINUTE,
                                T0 + 6 * MINUTE,
                                d("1"),
                                d("1"),
                                d("1"),
                                d("1"),
                                d("1"),
                                d("1"),
                                1,
                                false)),
                        FIVE_MINUTES))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("straddles");
    }

    @Test
    void fillMarksEmptyPeriodsCarryingTheCloseForward() {
        List<DecimalBar> rolled = List.of(
                bar(T0 + MINUTE, "10", "12", "9", "11", "100", "1050", 3),
                bar(T0 + 4 * MINUTE, "12", "13", "12", "13", "10", "125", 1));
        BarPeriods minutes = BarPeriods.of("1m", null);

        List<DecimalBar> filled = BarRollup.fill("SPY", rolled, minutes, T0, T0 + 5 * MINUTE, d("9.5"), 100);

        assertThat(filled)
                .extracting(DecimalBar::windowStartMs)
                .containsExactly(T0, T0 + MINUTE, T0 + 2 * MINUTE, T0 + 3 * MINUTE, T0 + 4 * MINUTE, T0 + 5 * MINUTE);
        assertThat(filled).extracting(DecimalBar::filled).containsExactly(true, false, true, true, false, true);
        assertThat(filled.get(0)).isEqualTo(DecimalBar.filled("SPY", T0, T0 + MINUTE, d("9.5")));
        DecimalBar gap = filled.get(2);
        assertThat(List.of(gap.open(), gap.high(), gap.low(), gap.close())).containsOnly(d("11"));
        assertThat(gap.volume()).isEqualByComparingTo("0");
        assertThat(gap.trades()).isZero();
        assertThat(gap.vwap()).isEmpty();
        assertThat(filled.get(5).close()).isEqualTo(d("13"));
    }

    @Test
    void fillLeavesOutPeriodsBeforeAnyKnownPriceAndStopsAtTheLimit() {
        List<DecimalBar> rolled = List.of(bar(T0 + 3 * MINUTE, "10", "10", "10", "10", "1", "10", 1));
        BarPeriods minutes = BarPeriods.of("1m", null);

        assertThat(BarRollup.fill("SPY", rolled, minutes, 0, T0 + 5 * MINUTE, null, 100))
                .extracting(DecimalBar::windowStartMs)
                .containsExactly(T0 + 3 * MINUTE, T0 + 4 * MINUTE, T0 + 5 * MINUTE);
        assertThat(BarRollup.fill("SPY", rolled, minutes, T0 + 3 * MINUTE, Long.MAX_VALUE / 2, null, 4))
                .hasSize(4);
        assertThat(BarRollup.fill("SPY", List.of(), minutes, T0, T0 + 59 * MINUTE, d("1"), 1000))
                .hasSize(60)
                .allMatch(DecimalBar::filled);
        assertThat(BarRollup.fill("SPY", List.of(), minutes, 0, Long.MAX_VALUE / 2, null, 1000))
                .isEmpty();
    }

    @Test
    void daysOfAZoneFollowItsMidnightsThroughDaylightSavingTime() {
        ZoneId newYork = ZoneId.of("America/New_York");
        BarPeriods days = BarPeriods.of("1d", newYork);
        long sundayNoon = Instant.parse("2013-11-03T17:00:00Z").toEpochMilli();

        long start = days.startOf(sundayNoon);

        assertThat(Instant.ofEpochMilli(start)).isEqualTo(Instant.parse("2013-11-03T04:00:00Z"));
        assertThat(days.endOf(start) - start).as("the day clocks fell back").isEqualTo(25 * 3_600_000L);
        assertThat(days.canBuildFrom(3_600_000, 0, sundayNoon)).isTrue();
        BarPeriods kolkata = BarPeriods.of("1d", ZoneId.of("Asia/Kolkata"));
        assertThat(kolkata.canBuildFrom(3_600_000, sundayNoon, sundayNoon + 86_400_000))
                .isFalse();
        assertThat(kolkata.canBuildFrom(30 * MINUTE, sundayNoon, sundayNoon + 86_400_000))
                .isTrue();
        assertThat(BarPeriods.of("1d", null).startOf(sundayNoon))
                .isEqualTo(Instant.parse("2013-11-03T00:00:00Z").toEpochMilli());
        assertThatThrownBy(() -> BarPeriods.of("1h", newYork)).hasMessageContaining("whole days");
    }

    @Test
    void aDayOfAZoneRollsUpItsMinutes() {
        ZoneId newYork = ZoneId.of("America/New_York");
        long lateMonday = Instant.parse("2013-10-08T03:59:00Z").toEpochMilli();
        List<DecimalBar> bars = List.of(
                bar(T0, "1", "1", "1", "1", "1", "1", 1),
                bar(lateMonday, "2", "2", "2", "2", "1", "2", 1),
                bar(lateMonday + MINUTE, "3", "3", "3", "3", "1", "3", 1));

        List<DecimalBar> rolled = BarRollup.rollUp(bars, BarPeriods.of("1d", newYork));

        assertThat(rolled).extracting(DecimalBar::close).containsExactly(d("2"), d("3"));
        assertThat(rolled.get(0).windowStartMs())
                .isEqualTo(Instant.parse("2013-10-07T04:00:00Z").toEpochMilli());
    }

    private static DecimalBar bar(
            long start,
            String open,
            String high,
            String low,
            String close,
            String volume,
            String turnover,
            long trades) {
        return new DecimalBar(
                "SPY",
                start,
                start + MINUTE,
                d(open),
                d(high),
                d(low),
                d(close),
                d(volume),
                d(turnover),
                trades,
                false);
    }

    private static BigDecimal d(String text) {
        return new BigDecimal(text);
    }
}
