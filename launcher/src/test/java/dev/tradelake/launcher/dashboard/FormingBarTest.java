package dev.tradelake.launcher.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tradelake.launcher.tables.StoredItems.StoredTrade;
import dev.tradelake.model.DecimalBar;
import dev.tradelake.model.Decimals;
import dev.tradelake.model.TradeId;
import java.util.List;
import org.junit.jupiter.api.Test;

class FormingBarTest {

    private static final long T0 = 1_381_152_600_000L; // 2013-10-07T13:30:00Z, a minute boundary

    @Test
    void foldsTradesOfTheLatestWindowInTimeThenSeqOrder() {
        FormingBar forming = new FormingBar("SPY", 60_000);
        assertThat(forming.bar()).isEmpty();
        forming.add(trade(T0 + 5_000, 1, 10.5, 100));
        forming.add(trade(T0 + 1_000, 0, 10.0, 300)); // arrives later, happened first: the open
        forming.add(trade(T0 + 5_000, 0, 11.0, 0)); // zero volume: OHLC and count only

        DecimalBar bar = forming.bar().orElseThrow();
        assertThat(bar.windowStartMs()).isEqualTo(T0);
        assertThat(bar.open()).isEqualByComparingTo("10.0");
        assertThat(bar.close()).isEqualByComparingTo("10.5");
        assertThat(bar.high()).isEqualByComparingTo("11.0");
        assertThat(bar.low()).isEqualByComparingTo("10.0");
        assertThat(bar.volume()).isEqualByComparingTo("400");
        assertThat(bar.trades()).isEqualTo(3);
        assertThat(bar.vwap().orElseThrow()).isEqualByComparingTo("10.125");
    }

    @Test
    void aTradeOfTheNextWindowStartsTheNextCandleAndAnOlderOneIsLate() {
        FormingBar forming = new FormingBar("SPY", 60_000);
        forming.add(trade(T0 + 59_999, 0, 10.0, 1));
        assertThat(forming.add(trade(T0 + 60_000, 0, 12.0, 2))).isTrue();
        assertThat(forming.add(trade(T0 + 30_000, 0, 99.0, 5))).isFalse();

        DecimalBar bar = forming.bar().orElseThrow();
        assertThat(bar.windowStartMs()).isEqualTo(T0 + 60_000);
        assertThat(bar.open()).isEqualByComparingTo("12.0");
        assertThat(bar.trades()).isEqualTo(1);
        assertThat(forming.lateTrades()).isEqualTo(1);
    }

    @Test
    void tradesBeforeTheCutAreInTheStoredBarsAlready() {
        FormingBar forming = new FormingBar("SPY", 60_000);
        forming.start(T0, List.of(), T0 + 10_000);
        assertThat(forming.add(trade(T0 + 9_999, 0, 10.0, 1))).isFalse();
        assertThat(forming.add(trade(T0 + 10_000, 0, 10.0, 1))).isTrue();
        assertThat(forming.bar().orElseThrow().trades()).isEqualTo(1);
    }

    private static StoredTrade trade(long timeMs, int seq, double price, double volume) {
        return new StoredTrade(
                new TradeId("SPY", timeMs, seq), Decimals.of(price), Decimals.of(volume), List.of(), timeMs, timeMs);
    }
}
