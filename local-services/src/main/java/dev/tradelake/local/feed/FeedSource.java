package dev.tradelake.local.feed;

import dev.tradelake.model.FeedTrade;
import java.io.IOException;
import java.util.Iterator;
import java.util.List;

/**
 * Where the local feed's trades come from: a recording, a synthetic market, or a test's list.
 * Only the feed's playback thread calls it, so implementations need not be thread-safe.
 */
public interface FeedSource extends AutoCloseable {

    /** The next batch in send order, or null when a bounded source is exhausted. May block. */
    FeedBatch next() throws IOException;

    @Override
    default void close() throws IOException {}

    /** A bounded source of these trades, in this order, framed by {@link TradeFramer#DEFAULT}. */
    static FeedSource of(List<FeedTrade> trades) {
        return fromTrades(List.copyOf(trades).iterator());
    }

    /** A source over an iterator of trades (endless if the iterator is), framed by {@link TradeFramer#DEFAULT}. */
    static FeedSource fromTrades(Iterator<FeedTrade> trades) {
        return TradeFramer.DEFAULT.frames(trades);
    }
}
