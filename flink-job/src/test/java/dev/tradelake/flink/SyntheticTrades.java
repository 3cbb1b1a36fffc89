package dev.tradelake.flink;

import dev.tradelake.model.FeedTrade;
import dev.tradelake.model.Trade;
import dev.tradelake.model.TradeSequencer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A reproducible made-up market for tests that must run without the recorded day: a few symbols,
 * runs of trades per symbol, many trades per millisecond, some of zero volume, some a little out
 * of order (well within the out-of-orderness bound), and a symbol that only ever trades zero volume.
 */
final class SyntheticTrades {
    static final long START_MS = 1_704_205_800_000L; // 2024-01-02 14:30 UTC, a minute boundary
    static final List<String> SYMBOLS = List.of("AAA", "BBB", "CCC");
    static final String ZERO_VOLUME_SYMBOL = "ZZZ";

    private SyntheticTrades() {}

    /** {@code count} trades over roughly {@code count * 10 ms}, identified as the ingest would. */
    static List<Trade> generate(long seed, int count) {
        Random random = new Random(seed);
        TradeSequencer sequencer = new TradeSequencer();
        double[] prices = {50.0, 120.0, 8.5};
        List<Trade> trades = new ArrayList<>(count);
        long now = START_MS;
        int symbol = 0;
        while (trades.size() < count) {
            if (random.nextInt(8) == 0) {
                symbol = random.nextInt(SYMBOLS.size());
            }
            now += random.nextInt(4) == 0 ? 0 : random.nextInt(20);
            long t = random.nextInt(50) == 0 ? Math.max(START_MS, now - random.nextInt(2_000)) : now;
            prices[symbol] =
                    Math.max(0.01, Math.round((prices[symbol] + (random.nextInt(5) - 2) * 0.01) * 100) / 100.0);
            double volume = random.nextInt(10) == 0 ? 0 : (1 + random.nextInt(50)) * 10;
            FeedTrade feed = new FeedTrade(SYMBOLS.get(symbol), t, prices[symbol], volume, List.of());
            trades.add(sequencer.identify(feed, t + 3));
            if (trades.size() % 1_000 == 0) {
                // A quote-like symbol trading only zero volume: its bars have no VWAP.
                FeedTrade zero = new FeedTrade(ZERO_VOLUME_SYMBOL, now, 1.0 + random.nextInt(10) / 100.0, 0, List.of());
                trades.add(sequencer.identify(zero, now + 3));
            }
        }
        return trades;
    }
}
