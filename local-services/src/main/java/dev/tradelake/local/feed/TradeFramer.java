package dev.tradelake.local.feed;

import dev.tradelake.model.FeedTrade;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Groups a time-ordered stream of trades into frames the way the recorded day was framed: at most
 * {@code maxTradesPerFrame} trades, all within one {@code frameMillis} bucket of trade time. The
 * order of the trades is never changed, so each symbol keeps its order.
 */
public record TradeFramer(int maxTradesPerFrame, long frameMillis) {

    /** 40 trades per 200 ms bucket, as in {@code ../shared/data}. */
    public static final TradeFramer DEFAULT = new TradeFramer(40, 200);

    public TradeFramer {
        if (maxTradesPerFrame < 1 || frameMillis < 1) {
            throw new IllegalArgumentException("maxTradesPerFrame and frameMillis must be >= 1");
        }
    }

    /** A source that frames {@code trades} lazily, so an endless iterator is fine. */
    public FeedSource frames(Iterator<FeedTrade> trades) {
        return new Framing(trades);
    }

    private final class Framing implements FeedSource {
        private final Iterator<FeedTrade> trades;
        private FeedTrade pending; // the first trade of the next frame, already taken from the iterator

        Framing(Iterator<FeedTrade> trades) {
            this.trades = trades;
        }

        @Override
        public FeedBatch next() {
            FeedTrade first = pending != null ? pending : trades.hasNext() ? trades.next() : null;
            pending = null;
            if (first == null) {
                return null;
            }
            long bucket = Math.floorDiv(first.timeMs(), frameMillis);
            List<FeedTrade> frame = new ArrayList<>(Math.min(maxTradesPerFrame, 64));
            frame.add(first);
            while (frame.size() < maxTradesPerFrame && trades.hasNext()) {
                FeedTrade t = trades.next();
                if (Math.floorDiv(t.timeMs(), frameMillis) != bucket) {
                    pending = t;
                    break;
                }
                frame.add(t);
            }
            return FeedBatch.of(frame);
        }
    }
}
