package dev.tradelake.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class BarTest {

    static Bar bar(double volume, double turnover, long trades) {
        return new Bar("SPY", 60_000, 1381132800000L, 167.41, 167.5, 167.3, 167.45, volume, turnover, trades);
    }

    @Test
    void vwapIsTurnoverOverVolume() {
        // (100 x 167.41 + 200 x 167.5) / 300 = 167.47 exactly
        assertThat(bar(300, 50_241, 2).vwap()).contains(new BigDecimal("167.47"));
        // 1/3 is printed to 20 significant digits, nothing of a double's binary tail
        assertThat(bar(3, 1, 1).vwap().map(Decimals::text)).contains("0.33333333333333333333");
    }

    @Test
    void equalNumbersMakeEqualBars() {
        Bar a = new Bar(
                "SPY",
                60_000,
                0,
                new BigDecimal("1.50"),
                new BigDecimal("1.5"),
                new BigDecimal("1.5"),
                new BigDecimal("1.5"),
                new BigDecimal("1000.0"),
                new BigDecimal("1500.000"),
                1);
        assertThat(a).isEqualTo(new Bar("SPY", 60_000, 0, 1.5, 1.5, 1.5, 1.5, 1000, 1500, 1));
    }

    @Test
    void zeroVolumeBarHasNoVwap() {
        assertThat(bar(0, 0, 3).vwap()).isEmpty();
    }

    @Test
    void windowEndAndSeries() {
        Bar bar = bar(1, 167.41, 1);
        assertThat(bar.windowEndMs()).isEqualTo(1381132860000L);
        assertThat(bar.series()).isEqualTo("SPY#1m");
        assertThat(BarsTable.series("BINANCE:BTCUSDT", 500)).isEqualTo("BINANCE:BTCUSDT#500ms");
    }
}
