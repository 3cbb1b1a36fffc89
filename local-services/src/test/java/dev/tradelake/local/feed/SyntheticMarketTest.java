package dev.tradelake.local.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tradelake.model.FeedTrade;
import dev.tradelake.model.TradeRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SyntheticMarketTest {

    private static final int COUNT = 20_000;
    private final List<FeedTrade> trades = SyntheticMarket.trades(42, COUNT);

    @Test
    void sameSeedGivesTheSameTradesAndAnotherSeedOthers() {
        assertThat(SyntheticMarket.trades(42, COUNT)).isEqualTo(trades);
        assertThat(SyntheticMarket.builder().seed(42).build().trades(100)).isEqualTo(trades.subList(0, 100));
        assertThat(SyntheticMarket.trades(43, 100)).isNotEqualTo(trades.subList(0, 100));
    }

    @Test
    void tradesAtTheConfiguredRateOverTheLongRun() {
        for (double rate : new double[] {200, 1_000}) {
            List<FeedTrade> run = SyntheticMarket.builder()
                    .seed(3)
                    .tradesPerSecond(rate)
                    .build()
                    .trades(200_000);
            double seconds = (run.get(run.size() - 1).timeMs() - run.get(0).timeMs()) / 1000.0;
            assertThat(run.size() / seconds).as("trades/s at --rate " + rate).isCloseTo(rate, within(rate * 0.05));
        }
    }

    @Test
    void tradesEverySymbolAndEveryTradeIsValid() {
        assertThat(trades).extracting(FeedTrade::symbol).containsAll(SyntheticMarket.symbols());
        assertThat(trades)
                .allSatisfy(t -> assertThat(TradeRules.check(t.symbol(), t.timeMs(), t.price(), t.volume()))
                        .isNull());
        assertThat(trades).extracting(FeedTrade::price).allMatch(p -> p.signum() > 0);
    }

    @Test
    void hasSameMillisecondTradesAndExactCopies() {
        int sameMsDifferent = 0;
        int exactCopies = 0;
        for (int i = 1; i < trades.size(); i++) {
            FeedTrade a = trades.get(i - 1);
            FeedTrade b = trades.get(i);
            if (a.equals(b)) {
                exactCopies++;
            } else if (a.symbol().equals(b.symbol()) && a.timeMs() == b.timeMs()) {
                sameMsDifferent++;
            }
        }
        assertThat(exactCopies).isGreaterThan(COUNT / 100);
        assertThat(sameMsDifferent).isGreaterThan(COUNT / 100);
    }

    @Test
    void cryptoVolumesAreFractionalAndForexVolumesZero() {
        Map<String, List<FeedTrade>> bySymbol = trades.stream().collect(Collectors.groupingBy(FeedTrade::symbol));
        assertThat(bySymbol.get("BINANCE:BTCUSDT"))
                .anyMatch(t -> t.volume().scale() > 0)
                .allMatch(t -> t.volume().signum() > 0 && t.conditions().isEmpty());
        assertThat(bySymbol.get("OANDA:EUR_USD"))
                .isNotEmpty()
                .allMatch(t -> t.volume().signum() == 0);
        assertThat(bySymbol.get("AAPL"))
                .allMatch(t -> t.volume().scale() <= 0 && t.volume().signum() > 0)
                .allMatch(t -> !t.conditions().isEmpty());
    }

    @Test
    void pricesAreExactDecimalsOfTheirTick() {
        assertThat(trades)
                .filteredOn(t -> t.symbol().equals("MSFT"))
                .allMatch(t -> t.price().scale() <= 2);
        assertThat(trades)
                .filteredOn(t -> t.symbol().equals("OANDA:EUR_USD"))
                .allMatch(t -> t.price().scale() <= 5);
    }

    @Test
    void timeNeverGoesBackAndFollowsTheConfiguredRate() {
        for (int i = 1; i < trades.size(); i++) {
            assertThat(trades.get(i).timeMs())
                    .isGreaterThanOrEqualTo(trades.get(i - 1).timeMs());
        }
        assertThat(trades.get(0).timeMs()).isEqualTo(SyntheticMarket.DEFAULT_START_MS);
        double seconds = (trades.get(COUNT - 1).timeMs() - trades.get(0).timeMs()) / 1000.0;
        double expected = COUNT / SyntheticMarket.DEFAULT_TRADES_PER_SECOND;
        assertThat(seconds).isBetween(expected * 0.7, expected * 1.3);
    }

    @Test
    void sourceSendsExactlyTheListedTradesThenEnds() throws Exception {
        SyntheticMarket market = SyntheticMarket.builder().seed(42).count(5000).build();
        List<FeedTrade> sent = new ArrayList<>();
        try (FeedSource source = market.source()) {
            FeedBatch batch;
            while ((batch = source.next()) != null) {
                assertThat(batch.trades()).hasSizeLessThanOrEqualTo(40);
                sent.addAll(batch.trades());
            }
        }
        assertThat(sent).isEqualTo(trades.subList(0, 5000));
        assertThat(market.count()).hasValue(5000);
        assertThat(SyntheticMarket.builder().build().count()).isEmpty();
    }

    @Test
    void lateTradesStayWithinTheirBoundAndTheDefaultMarketHasNone() {
        long maxSoFar = Long.MIN_VALUE;
        for (FeedTrade t : trades) {
            assertThat(t.timeMs()).as("the default market never goes back").isGreaterThanOrEqualTo(maxSoFar);
            maxSoFar = t.timeMs();
        }

        List<FeedTrade> late =
                SyntheticMarket.builder().seed(42).late(0.05, 2_000).build().trades(COUNT);
        maxSoFar = SyntheticMarket.DEFAULT_START_MS;
        int behind = 0;
        for (FeedTrade t : late) {
            assertThat(t.timeMs()).isGreaterThanOrEqualTo(SyntheticMarket.DEFAULT_START_MS);
            assertThat(t.timeMs()).isGreaterThan(maxSoFar - 2_000 - 1);
            behind += t.timeMs() < maxSoFar ? 1 : 0;
            maxSoFar = Math.max(maxSoFar, t.timeMs());
        }
        assertThat(behind).isBetween(COUNT / 100, COUNT / 10);
    }
}
