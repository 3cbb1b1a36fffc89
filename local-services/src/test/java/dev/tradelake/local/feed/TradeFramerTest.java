package dev.tradelake.local.feed;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tradelake.model.FeedTrade;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TradeFramerTest {

    @Test
    void framesHoldAtMostTheLimitWithinOneBucketInOrder() throws Exception {
        List<FeedTrade> trades = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            trades.add(new FeedTrade(i % 2 == 0 ? "A" : "B", 1_000 + (i / 10) * 100L, 1 + i, 1, List.of()));
        }
        FeedSource source = new TradeFramer(4, 200).frames(trades.iterator());

        List<List<FeedTrade>> frames = new ArrayList<>();
        FeedBatch batch;
        while ((batch = source.next()) != null) {
            frames.add(batch.trades());
            assertThat(batch.feedTimeMs())
                    .isEqualTo(batch.trades().get(batch.trades().size() - 1).timeMs());
        }

        assertThat(frames.stream().flatMap(List::stream).toList()).isEqualTo(trades);
        assertThat(frames).allSatisfy(f -> {
            assertThat(f).hasSizeBetween(1, 4);
            assertThat(f)
                    .extracting(t -> t.timeMs() / 200)
                    .containsOnly(f.get(0).timeMs() / 200);
        });
        // times 1000 (10 trades), 1100 (10), 1200 (5): 20 trades in bucket [1000,1200), 5 in [1200,1400)
        assertThat(frames).extracting(List::size).containsExactly(4, 4, 4, 4, 4, 4, 1);
    }
}
