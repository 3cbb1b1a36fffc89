package dev.tradelake.lambda.testing;

import dev.tradelake.local.feed.SyntheticMarket;
import dev.tradelake.model.FeedTrade;
import dev.tradelake.model.Trade;
import dev.tradelake.model.TradeSequencer;
import java.util.ArrayList;
import java.util.List;

/**
 * The synthetic market ({@link SyntheticMarket}) as the Lambda's tests and benchmarks take it:
 * trades already identified as the ingest does (many share a millisecond, exact copies included).
 */
public final class SyntheticTrades {

    private SyntheticTrades() {}

    /** The first {@code count} trades of the market seeded {@code seed}, from {@code startMs}, ingested at {@code ingestMs}. */
    public static List<Trade> generate(int count, long startMs, long ingestMs, long seed) {
        TradeSequencer sequencer = new TradeSequencer();
        List<Trade> trades = new ArrayList<>(count);
        for (FeedTrade t :
                SyntheticMarket.builder().seed(seed).startMs(startMs).build().trades(count)) {
            trades.add(sequencer.identify(t, ingestMs));
        }
        return trades;
    }
}
