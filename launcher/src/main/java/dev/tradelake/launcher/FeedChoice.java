package dev.tradelake.launcher;

import java.nio.file.Path;
import java.util.List;

/** Where the local run's trades come from. */
sealed interface FeedChoice {

    /**
     * A recording of Finnhub frames (gzip or plain JSON lines), served by the local feed, with the
     * symbols it trades (read once, when the file was checked).
     */
    record Replay(Path file, List<String> symbols) implements FeedChoice {
        public Replay {
            symbols = List.copyOf(symbols);
        }
    }

    /** The project's seeded synthetic market, served by the local feed; {@code count} 0 = endless. */
    record Synthetic(long seed, double tradesPerSecond, long count) implements FeedChoice {}

    /** Finnhub itself; the token comes from FINNHUB_API_KEY and is never printed. */
    record Live(String token) implements FeedChoice {}
}
