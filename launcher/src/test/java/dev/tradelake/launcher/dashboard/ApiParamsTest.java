package dev.tradelake.launcher.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ApiParamsTest {

    @Test
    void readsBarsParameters() {
        ApiParams.Bars p =
                ApiParams.bars("symbol=BINANCE%3ABTCUSDT&window=1m&from=2013-10-07&to=1381190399999&limit=5");
        assertThat(p)
                .isEqualTo(new ApiParams.Bars("BINANCE:BTCUSDT", 60_000, 1_381_104_000_000L, 1_381_190_399_999L, 5));
    }

    @Test
    void defaultsOpenTheRange() {
        ApiParams.Bars p = ApiParams.bars("symbol=SPY");
        assertThat(p.windowMs()).isEqualTo(60_000);
        assertThat(p.fromMs()).isZero();
        assertThat(p.toMs()).isEqualTo(ApiParams.END_OF_TIME);
        assertThat(p.limit()).isEqualTo(ApiParams.DEFAULT_BARS);
        assertThat(ApiParams.trades("symbol=SPY").limit()).isEqualTo(ApiParams.DEFAULT_TRADES);
    }

    @Test
    void refusesBadParametersWithOneLineNamingThem() {
        assertRefused(ApiParams::bars, "window=1m", "parameter 'symbol' is required");
        assertRefused(ApiParams::bars, "symbol=SPY&window=7m", "window must be one of 1m, 5m, 15m, 1h, 1d");
        assertRefused(ApiParams::bars, "symbol=SPY&from=yesterday", "from: 'yesterday' is neither epoch milliseconds");
        assertRefused(ApiParams::bars, "symbol=SPY&from=20&to=10", "from is after to");
        assertRefused(ApiParams::bars, "symbol=SPY&to=-5", "to: -5 is outside");
        assertRefused(ApiParams::trades, "symbol=SPY&limit=0", "limit must be from 1 to 10000");
        assertRefused(ApiParams::trades, "symbol=SPY&limit=lots", "limit: 'lots' is not a whole number");
        assertRefused(ApiParams::trades, "symbol=SPY&symbol=IBM", "parameter 'symbol' is given twice");
        assertRefused(ApiParams::trades, "symbol=SPY&sym%0Abol=1", "unknown parameter 'sym?bol'");
        assertRefused(ApiParams::stream, "symbol=" + "X".repeat(65), "symbol: must have 1 to 64 characters");
        assertRefused(ApiParams::stream, "symbol=A%0AB", "symbol: control characters are not allowed");
        assertRefused(ApiParams::stream, "symbol=%E0%A4%A", "not percent-encoded correctly");
        assertRefused(
                q -> {
                    ApiParams.none(q);
                    return null;
                },
                "x=1",
                "unknown parameter 'x'");
    }

    private static void assertRefused(java.util.function.Function<String, ?> parse, String query, String reason) {
        assertThatThrownBy(() -> parse.apply(query))
                .isInstanceOf(BadRequest.class)
                .hasMessageContaining(reason)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }
}
