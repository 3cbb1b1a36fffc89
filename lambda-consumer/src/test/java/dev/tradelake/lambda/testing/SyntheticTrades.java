package dev.tradelake.lambda.testing;

import dev.tradelake.model.FeedTrade;
import dev.tradelake.model.Trade;
import dev.tradelake.model.TradeSequencer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Deterministic trades for benchmarks, shaped like the recorded day: four symbols, a random walk of
 * prices, and many trades sharing a millisecond (exact copies included), identified as the ingest does.
 */
public final class SyntheticTrades {

    private static final String[] SYMBOLS = {"SPY", "BAC", "AIG", "IBM"};
    private static final double[] START_PRICES = {167.41, 13.86, 48.92, 182.50};
    private static final List<String> CONDITIONS = List.of("12", "37");

    private SyntheticTrades() {}

    public static List<Trade> generate(int count, long startMs, long ingestMs, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        TradeSequencer sequencer = new TradeSequencer();
        double[] prices = START_PRICES.clone();
        long time = startMs;
        List<Trade> trades = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            time += random.nextInt(4) == 0 ? 1 : 0;
            int s = random.nextInt(10) < 6 ? 0 : 1 + random.nextInt(3);
            prices[s] = Math.max(0.01, Math.round((prices[s] + (random.nextInt(5) - 2) * 0.01) * 100) / 100.0);
            double volume = 100 * (1 + random.nextInt(20));
            trades.add(sequencer.identify(new FeedTrade(SYMBOLS[s], time, prices[s], volume, CONDITIONS), ingestMs));
        }
        return trades;
    }
}
