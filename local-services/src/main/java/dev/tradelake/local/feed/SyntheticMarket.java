package dev.tradelake.local.feed;

import dev.tradelake.model.FeedTrade;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.OptionalLong;

/**
 * A deterministic market generated from a seed, so the whole pipeline can run without a Finnhub
 * key and a test can compute exactly what it should have stored.
 *
 * <p>It mixes equities (AAPL, MSFT, AMZN: whole-share volumes, condition codes), crypto
 * (BINANCE:BTCUSDT, BINANCE:ETHUSDT: fractional volumes, no conditions) and forex
 * (OANDA:EUR_USD: {@code v = 0}). About one event in ten is a burst of 5 to 40 trades of one
 * symbol within a few milliseconds, many in the same millisecond and many exact copies of the
 * previous trade, as real feeds print them. Prices are random walks in whole ticks that stay
 * above zero. Trade times start at {@link Builder#startMs} and advance at
 * {@link Builder#tradesPerSecond} on average, in trade time; the feed's {@link Pace} decides how
 * fast that time is played.
 *
 * <p>The same settings always give the same trades: {@link #trades(int)} returns, as a plain
 * list, exactly what {@link #source()} sends (in send order) to a client subscribed to every
 * symbol; a client subscribed to fewer receives that list filtered to its symbols.
 */
public final class SyntheticMarket {

    public static final long DEFAULT_SEED = 1;
    public static final double DEFAULT_TRADES_PER_SECOND = 200;
    /** 2024-01-02T14:30:00Z, a US market open: a fixed start keeps the trades reproducible. */
    public static final long DEFAULT_START_MS = 1_704_205_800_000L;

    private final long seed;
    private final double tradesPerSecond;
    private final long startMs;
    private final long count;
    private final TradeFramer framer;
    private final double lateShare;
    private final long maxLateMs;

    private SyntheticMarket(Builder b) {
        this.seed = b.seed;
        this.tradesPerSecond = b.tradesPerSecond;
        this.startMs = b.startMs;
        this.count = b.count;
        this.framer = b.framer;
        this.lateShare = b.lateShare;
        this.maxLateMs = b.maxLateMs;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The first {@code count} trades of the market with this seed and every other setting at its
     * default: what a feed built on {@code builder().seed(seed).count(count)} sends.
     */
    public static List<FeedTrade> trades(long seed, int count) {
        return builder().seed(seed).build().trades(count);
    }

    /** Every symbol the market trades, in a fixed order: subscribe to these to receive everything. */
    public static List<String> symbols() {
        return SyntheticInstrument.DEFAULT.stream()
                .map(SyntheticInstrument::symbol)
                .toList();
    }

    /** The first {@code count} trades, in send order (ignores {@link Builder#count}). */
    public List<FeedTrade> trades(int count) {
        Iterator<FeedTrade> it = iterator();
        List<FeedTrade> trades = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            trades.add(it.next());
        }
        return trades;
    }

    /** The endless trade sequence, from the start. */
    public Iterator<FeedTrade> iterator() {
        return new SyntheticTrades(seed, SyntheticInstrument.DEFAULT, tradesPerSecond, startMs, lateShare, maxLateMs);
    }

    /** A fresh source from the first trade: bounded when {@link Builder#count} was set, else endless. */
    public FeedSource source() {
        return framer.frames(count > 0 ? limit(iterator(), count) : iterator());
    }

    /** The number of trades {@link #source()} sends, or empty when it is endless. */
    public OptionalLong count() {
        return count > 0 ? OptionalLong.of(count) : OptionalLong.empty();
    }

    public long seed() {
        return seed;
    }

    private static Iterator<FeedTrade> limit(Iterator<FeedTrade> trades, long count) {
        return new Iterator<>() {
            private long left = count;

            @Override
            public boolean hasNext() {
                return left > 0 && trades.hasNext();
            }

            @Override
            public FeedTrade next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                left--;
                return trades.next();
            }
        };
    }

    public static final class Builder {
        private long seed = DEFAULT_SEED;
        private double tradesPerSecond = DEFAULT_TRADES_PER_SECOND;
        private long startMs = DEFAULT_START_MS;
        private long count;
        private TradeFramer framer = TradeFramer.DEFAULT;
        private double lateShare;
        private long maxLateMs;

        private Builder() {}

        /** The seed; the same seed gives the same trades. Default {@value SyntheticMarket#DEFAULT_SEED}. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Average trades per second of trade time (bursts included). Default
         * {@value SyntheticMarket#DEFAULT_TRADES_PER_SECOND}. Bursts step about one millisecond every
         * four trades, as real ones do, so rates above about 1,500 trades/s come out lower; a faster
         * feed is a matter of {@link Pace}, which plays trade time faster.
         */
        public Builder tradesPerSecond(double tradesPerSecond) {
            if (!(tradesPerSecond > 0) || !Double.isFinite(tradesPerSecond)) {
                throw new IllegalArgumentException(
                        "tradesPerSecond must be a finite number > 0, was " + tradesPerSecond);
            }
            this.tradesPerSecond = tradesPerSecond;
            return this;
        }

        /**
         * Time of the first trade, epoch ms. Default {@value SyntheticMarket#DEFAULT_START_MS}
         * (2024-01-02T14:30:00Z). Pass the current time with {@link Pace#realTime()} for trades
         * stamped as they are sent.
         */
        public Builder startMs(long startMs) {
            if (startMs < 0) {
                throw new IllegalArgumentException("startMs must be >= 0, was " + startMs);
            }
            this.startMs = startMs;
            return this;
        }

        /** How many trades {@link SyntheticMarket#source()} sends before it ends. Default 0: endless. */
        public Builder count(long count) {
            if (count < 0) {
                throw new IllegalArgumentException("count must be >= 0 (0 = endless), was " + count);
            }
            this.count = count;
            return this;
        }

        /**
         * Prints a {@code share} of the trades up to {@code maxLateMs} earlier than the market's clock
         * (never before the start), as trades reported late arrive; default none. For tests of
         * event-time handling: keep {@code maxLateMs} inside the job's out-of-orderness bound.
         */
        public Builder late(double share, long maxLateMs) {
            if (!(share >= 0 && share <= 1) || maxLateMs < 1 || maxLateMs > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(
                        "late: share 0 to 1 and maxLateMs >= 1, was " + share + ", " + maxLateMs);
            }
            this.lateShare = share;
            this.maxLateMs = maxLateMs;
            return this;
        }

        /** How trades are grouped into frames. Default {@link TradeFramer#DEFAULT} (40 trades per 200 ms bucket). */
        public Builder framer(TradeFramer framer) {
            this.framer = framer;
            return this;
        }

        public SyntheticMarket build() {
            return new SyntheticMarket(this);
        }
    }
}
