package dev.tradelake.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BarTest {

    static Bar bar(double volume, double turnover, long trades) {
        return new Bar("SPY", 60_000, 1381132800000L, 167.41, 167.5, 167.3, 167.45, volume, turnover, trades);
    }

    @Test
    void vwapIsTurnoverOverVolume() {
        assertThat(bar(300, 100 * 167.41 + 200 * 167.5, 2).vwap()).hasValueCloseTo(167.47, org.assertj.core.data.Offset.offset(1e-9));
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
