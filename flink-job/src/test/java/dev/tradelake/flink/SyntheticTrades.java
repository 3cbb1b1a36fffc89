package dev.tradelake.flink;

import dev.tradelake.local.feed.SyntheticMarket;
import dev.tradelake.model.FeedTrade;
import dev.tradelake.model.Trade;
import dev.tradelake.model.TradeSequencer;
import java.util.ArrayList;
import java.util.List;

/**
 * The synthetic market ({@link SyntheticMarket}) for tests that must run without the recorded day,
 * with a few trades printed up to 2 s late (well within the job's out-of-orderness bound):
 * equities, crypto with fractional volumes, many trades per millisecond, and a forex symbol that
 * only ever trades zero volume.
 */
final class SyntheticTrades {
    /** The forex symbol: its bars have no VWAP. */
    static final String ZERO_VOLUME_SYMBOL = "OANDA:EUR_USD";

    private SyntheticTrades() {}

    /** The first {@code count} trades, identified as the ingest would. */
    static List<Trade> generate(long seed, int count) {
        TradeSequencer sequencer = new TradeSequencer();
        List<Trade> trades = new ArrayList<>(count);
        for (FeedTrade t :
                SyntheticMarket.builder().seed(seed).late(0.02, 2_000).build().trades(count)) {
            trades.add(sequencer.identify(t, t.timeMs() + 3));
        }
        return trades;
    }
}
