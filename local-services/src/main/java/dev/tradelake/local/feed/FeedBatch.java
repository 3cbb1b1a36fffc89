package dev.tradelake.local.feed;

import dev.tradelake.model.FeedTrade;
import java.util.List;

/**
 * What a source hands the feed at one moment: one frame before it is filtered to each
 * connection's subscriptions.
 *
 * @param feedTimeMs when, in the source's own time, the batch is due (the pace is measured on it)
 * @param trades     the frame's valid trades, in the order they must reach the client (what
 *                   subscriptions filter on); empty only for a verbatim frame with none
 * @param frame      the frame's text to send as it is (a recording's line, malformed or not), or null
 *                   when the feed frames {@code trades} itself
 */
public record FeedBatch(long feedTimeMs, List<FeedTrade> trades, String frame) {

    public FeedBatch {
        trades = List.copyOf(trades);
        if (trades.isEmpty() && frame == null) {
            throw new IllegalArgumentException("a batch holds at least one trade or a frame");
        }
    }

    public FeedBatch(long feedTimeMs, List<FeedTrade> trades) {
        this(feedTimeMs, trades, null);
    }

    /** A batch due when its last trade happened: a feed cannot send a trade before it was printed. */
    public static FeedBatch of(List<FeedTrade> trades) {
        return new FeedBatch(due(trades), trades, null);
    }

    /** A recorded frame to send verbatim; due with its last valid trade, else at {@code dueIfNoTrade}. */
    public static FeedBatch verbatim(String frame, List<FeedTrade> trades, long dueIfNoTrade) {
        return new FeedBatch(trades.isEmpty() ? dueIfNoTrade : due(trades), trades, frame);
    }

    private static long due(List<FeedTrade> trades) {
        long due = Long.MIN_VALUE;
        for (FeedTrade t : trades) {
            due = Math.max(due, t.timeMs());
        }
        return due;
    }
}
