package dev.tradelake.model;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Bars of a stored size rolled up into bars of a multiple of it, exactly; the one place that does
 * it, for {@code ./datalake query bars}, the dashboard and the Flink job's coarse sizes alike.
 *
 * <p>A rolled bar's open is the first stored bar's open and its close the last one's close; high
 * and low are the extremes; volume, turnover and trades are sums. VWAP is then summed turnover
 * over summed volume, which is the VWAP of all the trades beneath: an average of the stored bars'
 * VWAPs would weigh a quiet minute as much as a busy one. All sums are exact decimal sums.
 */
public final class BarRollup {

    private static final Comparator<DecimalBar> BY_START = Comparator.comparingLong(DecimalBar::windowStartMs);

    private BarRollup() {}

    /**
     * The bars of one symbol and one stored size, rolled up into {@code periods}: one bar per period
     * that holds a stored bar, by period start.
     *
     * <p>The bars may come in any order. Two bars with the same window start are two versions of
     * one bar (a bar re-emitted after a late trade): the later one in the list replaces the earlier.
     * Filled bars stand for no trades and are skipped.
     *
     * @throws IllegalArgumentException when the bars mix symbols or sizes, or one straddles two periods
     */
    public static List<DecimalBar> rollUp(List<DecimalBar> bars, BarPeriods periods) {
        Map<Long, DecimalBar> latest = new LinkedHashMap<>();
        String symbol = null;
        long size = 0;
        for (DecimalBar bar : bars) {
            if (bar.filled()) {
                continue;
            }
            if (symbol == null) {
                symbol = bar.symbol();
                size = bar.windowMs();
            } else if (!symbol.equals(bar.symbol()) || size != bar.windowMs()) {
                throw new IllegalArgumentException("a rollup takes bars of one symbol and one size, not " + symbol + " "
                        + WindowSizes.label(size) + " and " + bar.symbol() + " " + WindowSizes.label(bar.windowMs()));
            }
            latest.put(bar.windowStartMs(), bar);
        }
        List<DecimalBar> ordered = new ArrayList<>(latest.values());
        ordered.sort(BY_START);

        List<DecimalBar> rolled = new ArrayList<>();
        Period current = null;
        for (DecimalBar bar : ordered) {
            long start = periods.startOf(bar.windowStartMs());
            long end = periods.endOf(start);
            if (bar.windowEndMs() > end) {
                throw new IllegalArgumentException("a " + WindowSizes.label(bar.windowMs()) + " bar of " + bar.symbol()
                        + " at " + bar.windowStartMs() + " straddles two " + periods.label() + " periods");
            }
            if (current == null || current.start != start) {
                if (current != null) {
                    rolled.add(current.bar());
                }
                current = new Period(start, end, bar);
            } else {
                current.add(bar);
            }
        }
        if (current != null) {
            rolled.add(current.bar());
        }
        return rolled;
    }

    /**
     * Bars of one symbol and one size, as the Flink job emits them, rolled up by {@link #rollUp}
     * into epoch-aligned bars of {@code windowMs} (days are UTC days): what the job stores as its
     * coarse sizes and the dashboard shows. The rolled bars are not final.
     */
    public static List<Bar> rollUpBars(List<Bar> bars, long windowMs) {
        List<DecimalBar> decimal = new ArrayList<>(bars.size());
        for (Bar b : bars) {
            decimal.add(DecimalBar.of(b));
        }
        List<Bar> rolled = new ArrayList<>();
        for (DecimalBar r : rollUp(decimal, new BarPeriods.Fixed(windowMs))) {
            rolled.add(new Bar(
                    r.symbol(),
                    windowMs,
                    r.windowStartMs(),
                    r.open(),
                    r.high(),
                    r.low(),
                    r.close(),
                    r.volume(),
                    r.turnover(),
                    r.trades()));
        }
        return rolled;
    }

    /**
     * Every period that starts between {@code firstStartMs} and {@code lastStartMs} (both included),
     * in order, at most {@code maxBars}: the rolled bar where there is one, else a
     * {@linkplain DecimalBar#filled filled} bar carrying the last close forward.
     *
     * <p>The close carried into the first period is that of the last rolled bar before it, else
     * {@code previousClose} (the last close stored before the range; null when there is none).
     * Periods before any known close are left out: there is no price to carry.
     *
     * @param rolled bars of {@code symbol} as {@link #rollUp} returns them, in period order
     */
    public static List<DecimalBar> fill(
            String symbol,
            List<DecimalBar> rolled,
            BarPeriods periods,
            long firstStartMs,
            long lastStartMs,
            BigDecimal previousClose,
            int maxBars) {
        List<DecimalBar> out = new ArrayList<>();
        BigDecimal close = previousClose;
        int next = 0;
        while (next < rolled.size() && rolled.get(next).windowStartMs() < firstStartMs) {
            close = rolled.get(next++).close();
        }
        long start = periods.firstStartAtOrAfter(firstStartMs);
        while (start <= lastStartMs && out.size() < maxBars) {
            long end = periods.endOf(start);
            while (next < rolled.size() && rolled.get(next).windowStartMs() < start) {
                next++;
            }
            if (next < rolled.size() && rolled.get(next).windowStartMs() == start) {
                DecimalBar bar = rolled.get(next++);
                out.add(bar);
                close = bar.close();
            } else if (close != null) {
                out.add(DecimalBar.filled(symbol, start, end, close));
            } else if (next < rolled.size()) {
                // Nothing to carry yet: jump to the first bar rather than walk empty periods.
                start = rolled.get(next).windowStartMs();
                continue;
            } else {
                break;
            }
            start = end;
        }
        return out;
    }

    /** One period's sums so far; the first bar in it sets the open. */
    private static final class Period {
        final long start;
        final long end;
        final String symbol;
        final BigDecimal open;
        BigDecimal high;
        BigDecimal low;
        BigDecimal close;
        BigDecimal volume;
        BigDecimal turnover;
        long trades;

        Period(long start, long end, DecimalBar first) {
            this.start = start;
            this.end = end;
            this.symbol = first.symbol();
            this.open = first.open();
            this.high = first.high();
            this.low = first.low();
            this.close = first.close();
            this.volume = first.volume();
            this.turnover = first.turnover();
            this.trades = first.trades();
        }

        void add(DecimalBar bar) {
            high = high.max(bar.high());
            low = low.min(bar.low());
            close = bar.close();
            volume = volume.add(bar.volume());
            turnover = turnover.add(bar.turnover());
            trades = Math.addExact(trades, bar.trades());
        }

        DecimalBar bar() {
            return new DecimalBar(symbol, start, end, open, high, low, close, volume, turnover, trades, false);
        }
    }
}
