package dev.tradelake.local.feed;

import dev.tradelake.model.FeedTrade;
import java.util.List;

/**
 * The trades a source hands the feed at one moment: one trade frame before it is filtered to
 * each connection's subscriptions.
 *
 * @param feedTimeMs when, in the source's own time, the batch is due (the pace is measured on it)
 * @param trades     in the order they must reach the client; never empty
 */
public record FeedBatch(long feedTimeMs, List<FeedTrade> trades) {

    public FeedBatch {
        trades = List.copyOf(trades);
        if (trades.isEmpty()) {
            throw new IllegalArgumentException("a batch holds at least one trade");
        }
    }

    /** A batch due when its last trade happened: a feed cannot send a trade before it was printed. */
    public static FeedBatch of(List<FeedTrade> trades) {
        long due = Long.MIN_VALUE;
        for (FeedTrade t : trades) {
            due = Math.max(due, t.timeMs());
        }
        return new FeedBatch(due, trades);
    }
}
