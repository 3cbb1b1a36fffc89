package dev.tradelake.launcher.dashboard;

import dev.tradelake.launcher.tables.BarReader;
import dev.tradelake.launcher.tables.StoredItems.StoredTrade;
import dev.tradelake.model.DecimalBar;
import java.util.List;
import java.util.Optional;

/** What the dashboard reads from the lake: the trades and bars tables, locally or on AWS. */
public interface Lake {

    /** Every symbol with stored bars or trades, sorted. */
    List<String> symbols();

    /**
     * The latest {@code limit} bars of {@code windowMs} (epoch-aligned, days are UTC days) of
     * {@code symbol} whose window starts in {@code [fromMs, toMs]}, oldest first, each complete:
     * the bars {@code ./datalake query bars} prints for that range (see {@link BarReader#latest}).
     *
     * @throws BarReader.NotBuildable when no size stored for the symbol builds {@code windowMs}
     */
    List<DecimalBar> bars(String symbol, long windowMs, long fromMs, long toMs, int limit);

    /** The latest {@code limit} trades of {@code symbol} with a time in {@code [fromMs, toMs]}, oldest first. */
    List<StoredTrade> latestTrades(String symbol, long fromMs, long toMs, int limit);

    /** Up to {@code limit} trades of {@code symbol} at or after {@code fromMs}, oldest first. */
    List<StoredTrade> tradesFrom(String symbol, long fromMs, int limit);

    /** Up to {@code limit} trades of {@code symbol} after the one whose sort key is {@code afterSortKey}, oldest first. */
    List<StoredTrade> tradesAfter(String symbol, String afterSortKey, int limit);

    /** The trade of {@code symbol} with the greatest time, if any. */
    default Optional<StoredTrade> latestTrade(String symbol) {
        List<StoredTrade> last = latestTrades(symbol, 0, Long.MAX_VALUE, 1);
        return last.isEmpty() ? Optional.empty() : Optional.of(last.get(0));
    }
}
