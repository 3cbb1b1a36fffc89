package dev.tradelake.local.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tradelake.model.FeedTrade;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;

/** The feed over real sockets, against a real WebSocket client. */
class LocalFinnhubFeedTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    @Test
    void sendsEachConnectionOnlyItsSymbolsInOrder() throws Exception {
        SyntheticMarket market = SyntheticMarket.builder().seed(11).count(3000).build();
        Set<String> wanted = Set.of("AAPL", "BINANCE:BTCUSDT", "OANDA:EUR_USD");
        List<FeedTrade> expected = market.trades(3000).stream()
                .filter(t -> wanted.contains(t.symbol()))
                .toList();

        try (LocalFinnhubFeed feed = LocalFinnhubFeed.builder()
                .source(market.source())
                .pace(Pace.max())
                .build()
                .start()) {
            FeedClient client = FeedClient.connect(URI.create(feed.uri() + "?token=not-checked"))
                    .subscribe(List.copyOf(wanted));

            assertThat(feed.awaitFinished(TIMEOUT)).isTrue();
            assertThat(client.awaitTrades(expected.size(), TIMEOUT)).isTrue();
            assertThat(client.trades()).containsExactlyElementsOf(expected);
            assertThat(client.errors()).isEmpty();
            assertThat(feed.stats().tradesSent()).isEqualTo(expected.size());
            assertThat(feed.stats().tradesSkipped()).isEqualTo(3000 - expected.size());
            assertThat(feed.stats().tradesSentBySymbol().keySet()).isEqualTo(wanted);
            assertThat(feed.stats().framesSent()).isEqualTo(client.tradeFrames());
            client.closeBlocking();
        }
    }

    @Test
    void unsubscribedSymbolStopsArriving() throws Exception {
        SyntheticMarket market = SyntheticMarket.builder().seed(12).count(2000).build();
        try (LocalFinnhubFeed feed = LocalFinnhubFeed.builder()
                .source(market.source())
                .pace(Pace.max())
                .build()
                .start()) {
            FeedClient client =
                    FeedClient.connect(feed.uri()).subscribe("AAPL", "MSFT").unsubscribe("MSFT");

            assertThat(feed.awaitFinished(TIMEOUT)).isTrue();
            List<FeedTrade> expected = market.trades(2000).stream()
                    .filter(t -> t.symbol().equals("AAPL"))
                    .toList();
            assertThat(client.awaitTrades(expected.size(), TIMEOUT)).isTrue();
            assertThat(client.trades()).containsExactlyElementsOf(expected);
            client.closeBlocking();
        }
    }

    @Test
    void refusesTheSubscriptionPastTheSymbolLimit() throws Exception {
        SyntheticMarket market = SyntheticMarket.builder().seed(13).count(2000).build();
        try (LocalFinnhubFeed feed = LocalFinnhubFeed.builder()
                .source(market.source())
                .pace(Pace.max())
                .symbolLimit(2)
                .build()
                .start()) {
            FeedClient client = FeedClient.connect(feed.uri()).subscribe("AAPL", "MSFT", "AMZN");

            assertThat(feed.awaitFinished(TIMEOUT)).isTrue();
            List<FeedTrade> expected = market.trades(2000).stream()
                    .filter(t -> t.symbol().equals("AAPL") || t.symbol().equals("MSFT"))
                    .toList();
            assertThat(client.awaitTrades(expected.size(), TIMEOUT)).isTrue();
            assertThat(client.trades()).containsExactlyElementsOf(expected);
            assertThat(client.errors()).containsExactly("Subscribing to too many symbols");
            assertThat(feed.stats().errorsSent()).isEqualTo(1);
            client.closeBlocking();
        }
    }

    @Test
    void pingsEveryConnectionAtTheInterval() throws Exception {
        try (LocalFinnhubFeed feed = LocalFinnhubFeed.builder()
                .source(FeedSource.of(List.of()))
                .pingInterval(Duration.ofMillis(100))
                .build()
                .start()) {
            FeedClient client = FeedClient.connect(feed.uri()); // pings need no subscription

            assertThat(FeedClient.await(() -> client.pings() >= 3, Duration.ofSeconds(5)))
                    .isTrue();
            assertThat(client.messages()).isEqualTo(client.pings());
            assertThat(feed.stats().pingsSent()).isGreaterThanOrEqualTo(3);
            client.closeBlocking();
        }
    }

    @Test
    void silentFeedSendsNothingThenContinuesWithoutLoss() throws Exception {
        SyntheticMarket market =
                SyntheticMarket.builder().seed(14).tradesPerSecond(1000).build(); // endless
        try (LocalFinnhubFeed feed = LocalFinnhubFeed.builder()
                .source(market.source())
                .pace(Pace.realTime())
                .pingInterval(Duration.ofMillis(50))
                .startWhenSubscribed(SyntheticMarket.symbols())
                .build()
                .start()) {
            FeedClient client = FeedClient.connect(feed.uri()).subscribe(SyntheticMarket.symbols());
            assertThat(client.awaitTrades(50, TIMEOUT)).isTrue();

            feed.goSilent(Duration.ofMillis(700));
            Thread.sleep(50); // frames already on the wire before the call may still arrive
            int messagesBefore = client.messages();
            int pongsBefore = client.pongs();
            client.sendPing();
            Thread.sleep(400);
            assertThat(client.messages()).as("messages while silent").isEqualTo(messagesBefore);
            assertThat(client.pongs()).as("pongs while silent").isEqualTo(pongsBefore);
            assertThat(client.isOpen()).isTrue();

            int tradesBefore = client.tradeCount();
            assertThat(client.awaitTrades(tradesBefore + 50, TIMEOUT))
                    .as("trades after the silence")
                    .isTrue();
            assertThat(client.pings()).isGreaterThan(0);
            client.close();
            List<FeedTrade> received = client.trades();
            assertThat(received).containsExactlyElementsOf(market.trades(received.size()));
        }
    }

    @Test
    void droppedClientReconnectsAndLosesNothing() throws Exception {
        int count = 6000;
        SyntheticMarket market = SyntheticMarket.builder()
                .seed(15)
                .tradesPerSecond(1000)
                .count(count)
                .build();
        try (LocalFinnhubFeed feed = LocalFinnhubFeed.builder()
                .source(market.source())
                .pace(Pace.speed(5))
                .startWhenSubscribed(SyntheticMarket.symbols())
                .build()
                .start()) {
            FeedClient first = FeedClient.connect(feed.uri()).subscribe(SyntheticMarket.symbols());
            assertThat(first.awaitTrades(500, TIMEOUT)).isTrue();

            assertThat(feed.dropConnections()).isEqualTo(1);
            assertThat(first.awaitClosed(TIMEOUT)).isTrue();
            assertThat(first.closeCode()).as("abnormal close, no handshake").isEqualTo(1006);
            int beforeDrop = first.tradeCount();
            assertThat(beforeDrop).as("dropped mid-stream").isLessThan(count);

            FeedClient second = FeedClient.connect(feed.uri()).subscribe(SyntheticMarket.symbols());
            assertThat(feed.awaitFinished(TIMEOUT)).isTrue();
            assertThat(second.awaitTrades(count - beforeDrop, TIMEOUT)).isTrue();

            List<FeedTrade> received = new ArrayList<>(first.trades());
            received.addAll(second.trades());
            assertThat(received).containsExactlyElementsOf(market.trades(count));
            assertThat(feed.stats().connectionsAccepted()).isEqualTo(2);
            assertThat(feed.stats().connectionsDropped()).isEqualTo(1);
            assertThat(feed.stats().tradesSkipped()).isZero();
            second.closeBlocking();
        }
    }

    @Test
    void dropsEveryConnectionAfterTheConfiguredFrames() throws Exception {
        int count = 1000;
        SyntheticMarket market = SyntheticMarket.builder().seed(16).count(count).build();
        try (LocalFinnhubFeed feed = LocalFinnhubFeed.builder()
                .source(market.source())
                .pace(Pace.max())
                .dropAfterFrames(10)
                .startWhenSubscribed(SyntheticMarket.symbols())
                .build()
                .start()) {
            List<FeedTrade> received = new ArrayList<>();
            List<Integer> framesPerConnection = new ArrayList<>();
            while (received.size() < count) {
                FeedClient client = FeedClient.connect(feed.uri()).subscribe(SyntheticMarket.symbols());
                int missing = count - received.size();
                assertThat(FeedClient.await(() -> client.isClosedNow() || client.tradeCount() == missing, TIMEOUT))
                        .isTrue();
                framesPerConnection.add(client.tradeFrames());
                received.addAll(client.trades());
                client.closeBlocking();
            }

            assertThat(received).containsExactlyElementsOf(market.trades(count));
            assertThat(framesPerConnection).hasSizeGreaterThan(2);
            assertThat(framesPerConnection.subList(0, framesPerConnection.size() - 1))
                    .containsOnly(10);
            assertThat(framesPerConnection.get(framesPerConnection.size() - 1)).isBetween(1, 10);
        }
    }

    @Test
    void aTakenPortIsReportedAndCloseWithoutStartIsHarmless() throws Exception {
        try (LocalFinnhubFeed first = LocalFinnhubFeed.builder()
                .source(FeedSource.of(List.of()))
                .build()
                .start()) {
            LocalFinnhubFeed second = LocalFinnhubFeed.builder()
                    .source(FeedSource.of(List.of()))
                    .port(first.port())
                    .build();
            assertThatThrownBy(second::start)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("127.0.0.1:" + first.port());
            second.close();
            LocalFinnhubFeed.builder().source(FeedSource.of(List.of())).build().close();
            assertThatThrownBy(() -> LocalFinnhubFeed.builder().build()).hasMessageContaining("source is required");
        }
    }

    @Test
    void closingDuringPlaybackStopsCleanly() throws Exception {
        LocalFinnhubFeed feed = LocalFinnhubFeed.builder()
                .source(SyntheticMarket.builder().build().source())
                .pace(Pace.max())
                .build()
                .start();
        FeedClient client = FeedClient.connect(feed.uri()).subscribe(SyntheticMarket.symbols());
        assertThat(client.awaitTrades(1000, TIMEOUT)).isTrue();

        feed.close();

        assertThat(client.awaitClosed(TIMEOUT)).isTrue();
        assertThat(feed.awaitFinished(Duration.ofSeconds(1)))
                .as("an endless source never finishes")
                .isFalse();
    }

    @Test
    void backpressureStopsTheFeedWhileTheClientDoesNotRead() throws Exception {
        int count = 150_000;
        SyntheticMarket market = SyntheticMarket.builder().seed(17).count(count).build();
        CountDownLatch release = new CountDownLatch(1);
        try (LocalFinnhubFeed feed = LocalFinnhubFeed.builder()
                .source(market.source())
                .pace(Pace.max())
                .maxBufferedBytes(256 * 1024)
                .build()
                .start()) {
            FeedClient client = FeedClient.connectStalling(feed.uri(), release).subscribe(SyntheticMarket.symbols());
            assertThat(FeedClient.await(() -> client.messages() > 0, TIMEOUT)).isTrue();

            long sentWhileStalled = awaitSteady(() -> feed.stats().tradesSent(), Duration.ofMillis(300));
            assertThat(sentWhileStalled)
                    .as("sent while the client reads nothing")
                    .isLessThan(count * 3L / 4);
            assertThat(feed.isFinished()).isFalse();

            release.countDown();
            assertThat(feed.awaitFinished(TIMEOUT)).isTrue();
            assertThat(client.awaitTrades(count, TIMEOUT)).isTrue();
            assertThat(client.tradeCount()).isEqualTo(count);
            client.closeBlocking();
        }
    }

    /** Waits until the value stops changing for {@code steadyFor}, and returns it. */
    private static long awaitSteady(LongSupplier value, Duration steadyFor) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        long last = value.getAsLong();
        while (System.nanoTime() - deadline < 0) {
            Thread.sleep(steadyFor.toMillis());
            long now = value.getAsLong();
            if (now == last) {
                return now;
            }
            last = now;
        }
        throw new AssertionError("still changing after " + TIMEOUT + ": " + last);
    }
}
