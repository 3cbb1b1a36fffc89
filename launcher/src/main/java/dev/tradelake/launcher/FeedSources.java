package dev.tradelake.launcher;

import dev.tradelake.local.feed.FeedSource;
import dev.tradelake.local.feed.Pace;
import dev.tradelake.local.feed.RecordingSource;
import dev.tradelake.local.feed.SyntheticMarket;
import java.io.IOException;
import java.util.List;

/** What the local feed serves for a {@link FeedChoice}, and which symbols that offers. */
final class FeedSources {

    private FeedSources() {}

    static FeedSource open(FeedChoice choice, Pace pace) throws IOException {
        if (choice instanceof FeedChoice.Replay replay) {
            return RecordingSource.open(replay.file());
        }
        if (choice instanceof FeedChoice.Synthetic synthetic) {
            // A paced market trades "now", so its bars line up with the clock; at full speed the
            // fixed start keeps runs comparable (and equal to SyntheticMarket.trades(seed, n)).
            return SyntheticMarket.builder()
                    .seed(synthetic.seed())
                    .tradesPerSecond(synthetic.tradesPerSecond())
                    .count(synthetic.count())
                    .startMs(pace.equals(Pace.max()) ? SyntheticMarket.DEFAULT_START_MS : System.currentTimeMillis())
                    .build()
                    .source();
        }
        throw new IllegalArgumentException("the live Finnhub feed is not served locally");
    }

    static List<String> symbols(FeedChoice choice) {
        if (choice instanceof FeedChoice.Replay replay) {
            return replay.symbols();
        }
        if (choice instanceof FeedChoice.Synthetic) {
            return SyntheticMarket.symbols();
        }
        throw new Datalake.UserError("name the symbols to follow with --symbols");
    }
}
