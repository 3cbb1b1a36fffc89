package dev.tradelake.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LakeLayoutTest {

    @Test
    void partitionIsTheUtcDateThenTheSymbol() {
        assertThat(LakeLayout.partition("SPY", 1_381_132_800_465L)).isEqualTo("dt=2013-10-07/symbol=SPY");
        // 23:59:59.999 UTC is still that day; midnight UTC is the next, whatever the machine's zone.
        assertThat(LakeLayout.partition("SPY", 1_381_190_399_999L)).isEqualTo("dt=2013-10-07/symbol=SPY");
        assertThat(LakeLayout.partition("SPY", 1_381_190_400_000L)).isEqualTo("dt=2013-10-08/symbol=SPY");
    }

    @Test
    void feedSymbolsPassAndPathCharactersAreEscaped() {
        assertThat(LakeLayout.partition("BINANCE:BTCUSDT", 0)).isEqualTo("dt=1970-01-01/symbol=BINANCE:BTCUSDT");
        assertThat(LakeLayout.partition("OANDA:EUR_USD", 0)).endsWith("symbol=OANDA:EUR_USD");
        assertThat(LakeLayout.partition("A/B", 0)).endsWith("symbol=A%2FB");
        assertThat(LakeLayout.partition("A=B%", 0)).endsWith("symbol=A%3DB%25");
    }
}
