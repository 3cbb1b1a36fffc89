package dev.tradelake.local.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tradelake.model.FeedTrade;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PaceTest {

    @Test
    void parsesTheCommandLineForms() {
        assertThat(Pace.parse("max").isMax()).isTrue();
        assertThat(Pace.parse("realtime")).isEqualTo(Pace.realTime());
        assertThat(Pace.parse("10")).isEqualTo(Pace.speed(10));
        assertThat(Pace.parse("2.5x")).isEqualTo(Pace.speed(2.5));
        assertThatThrownBy(() -> Pace.parse("fast")).hasMessageContaining("'max', 'realtime'");
        assertThatThrownBy(() -> Pace.parse("0")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Pace.parse("-3")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void pacerSchedulesFromTheAnchorAndRestartsAfterAPause() {
        Pacer pacer = new Pacer(Pace.speed(10));
        long ms = 1_000_000;
        assertThat(pacer.nanosUntilDue(5_000, 0)).isZero(); // the first batch anchors
        assertThat(pacer.nanosUntilDue(6_000, 0)).isEqualTo(100 * ms); // 1 s of feed time at 10x
        assertThat(pacer.nanosUntilDue(6_000, 150 * ms)).isEqualTo(-50 * ms); // late: due at once
        pacer.restart();
        assertThat(pacer.nanosUntilDue(60_000, 900 * ms)).isZero();
        assertThat(pacer.nanosUntilDue(61_000, 900 * ms)).isEqualTo(100 * ms);
        assertThat(new Pacer(Pace.max()).nanosUntilDue(Long.MAX_VALUE / 2, 0)).isZero();
    }

    @Test
    void speedFactorIsRoughlyHonouredOnTheWire() throws Exception {
        List<FeedTrade> trades = new ArrayList<>();
        for (int i = 0; i <= 10; i++) { // one second of feed time, a frame every 100 ms
            trades.add(new FeedTrade("AAPL", 1_000_000 + i * 100L, 100 + i, 1, List.of()));
        }
        try (LocalFinnhubFeed feed = LocalFinnhubFeed.builder()
                .source(FeedSource.of(trades))
                .pace(Pace.speed(2))
                .resumeDelay(Duration.ZERO)
                .build()
                .start()) {
            FeedClient client = FeedClient.connect(feed.uri()).subscribe("AAPL");
            assertThat(client.awaitTrades(1, Duration.ofSeconds(10))).isTrue();
            long start = System.nanoTime();
            assertThat(client.awaitTrades(trades.size(), Duration.ofSeconds(10)))
                    .isTrue();
            long elapsedMs = (System.nanoTime() - start) / 1_000_000;

            assertThat(elapsedMs).as("1 s of trades at 2x").isBetween(400L, 2_500L);
            assertThat(client.trades()).isEqualTo(trades);
            client.closeBlocking();
        }
    }
}
