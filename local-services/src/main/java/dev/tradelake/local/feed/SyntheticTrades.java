package dev.tradelake.local.feed;

import dev.tradelake.model.Decimals;
import dev.tradelake.model.FeedTrade;
import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import java.util.Random;

/**
 * The endless trade sequence of a {@link SyntheticMarket}. Deterministic by construction: one
 * {@link Random} (whose algorithm the JDK specifies) seeded once, {@link StrictMath} for the
 * logarithm, integer ticks for prices, so a seed gives the same trades on every JVM.
 */
final class SyntheticTrades implements Iterator<FeedTrade> {

    /** Share of events that are bursts: one symbol printing many trades within a few ms. */
    private static final double BURST_PROBABILITY = 0.1;

    private static final int MIN_BURST = 5;
    private static final int MAX_BURST = 40;
    /** Within a burst: share of trades that repeat the previous one exactly (same ms, price, volume, conditions). */
    private static final double COPY_PROBABILITY = 0.35;
    /** Within a burst: share of the other trades that stay in the same millisecond. */
    private static final double SAME_MS_PROBABILITY = 0.6;
    /** Pull towards the initial price per trade, so an endless run never wanders to absurd prices. */
    private static final double MEAN_REVERSION = 0.0005;

    private static final List<List<String>> ROUND_LOT_CONDITIONS = List.of(List.of("1"), List.of("1", "12"));
    private static final List<String> ODD_LOT_CONDITIONS = List.of("1", "37");

    private final Random random;
    private final List<SyntheticInstrument> instruments;
    private final long[] ticks;
    private final int totalWeight;
    private final double millisPerTrade;
    private final double lateShare;
    private final long maxLateMs;
    private final long startMs;
    private final ArrayDeque<FeedTrade> event = new ArrayDeque<>();
    private double clockMs;

    SyntheticTrades(
            long seed,
            List<SyntheticInstrument> instruments,
            double tradesPerSecond,
            long startMs,
            double lateShare,
            long maxLateMs) {
        this.random = new Random(seed);
        this.instruments = instruments;
        this.ticks = instruments.stream()
                .mapToLong(SyntheticInstrument::initialTicks)
                .toArray();
        this.totalWeight =
                instruments.stream().mapToInt(SyntheticInstrument::weight).sum();
        this.millisPerTrade = 1000.0 / tradesPerSecond;
        this.clockMs = startMs;
        this.startMs = startMs;
        this.lateShare = lateShare;
        this.maxLateMs = maxLateMs;
    }

    @Override
    public boolean hasNext() {
        return true;
    }

    @Override
    public FeedTrade next() {
        if (event.isEmpty()) {
            generateEvent();
        }
        return event.poll();
    }

    private void generateEvent() {
        int i = pickInstrument();
        int size = random.nextDouble() < BURST_PROBABILITY ? MIN_BURST + random.nextInt(MAX_BURST - MIN_BURST + 1) : 1;
        long timeMs = (long) Math.floor(clockMs);
        FeedTrade previous = null;
        for (int n = 0; n < size; n++) {
            if (previous != null && random.nextDouble() < COPY_PROBABILITY) {
                event.add(previous);
                continue;
            }
            if (previous != null && random.nextDouble() >= SAME_MS_PROBABILITY) {
                timeMs++;
            }
            previous = newTrade(i, late(timeMs));
            event.add(previous);
        }
        // Exponential gaps scaled by the event's size keep the long-run rate at tradesPerSecond; the
        // milliseconds a burst stepped itself are part of its gap, not added to it.
        double gap = -StrictMath.log(1.0 - random.nextDouble()) * size * millisPerTrade;
        clockMs = Math.max(clockMs + gap, timeMs);
    }

    /** Most trades print at the clock; a {@code lateShare} of them up to {@code maxLateMs} before it, never before the start. */
    private long late(long timeMs) {
        // No draw at all when none are late, so that the default market is the same with or without this.
        if (lateShare == 0 || random.nextDouble() >= lateShare) {
            return timeMs;
        }
        return Math.max(startMs, timeMs - 1 - random.nextInt((int) maxLateMs));
    }

    private int pickInstrument() {
        int r = random.nextInt(totalWeight);
        for (int i = 0; i < instruments.size(); i++) {
            r -= instruments.get(i).weight();
            if (r < 0) {
                return i;
            }
        }
        throw new AssertionError("weights cover every draw");
    }

    private FeedTrade newTrade(int i, long timeMs) {
        SyntheticInstrument instrument = instruments.get(i);
        double step = random.nextGaussian() * instrument.stepTicks()
                + (instrument.initialTicks() - ticks[i]) * MEAN_REVERSION;
        ticks[i] = Math.max(1, ticks[i] + Math.round(step)); // a price never reaches 0
        double price = instrument.price(ticks[i]);
        return switch (instrument.kind()) {
            case EQUITY -> equityTrade(instrument.symbol(), timeMs, price);
            // Fractional volumes with six decimals, exact: their sums are what bars must add up to the digit.
            case CRYPTO ->
                new FeedTrade(
                        instrument.symbol(),
                        timeMs,
                        Decimals.of(price),
                        BigDecimal.valueOf(1 + random.nextInt(500_000), 6),
                        List.of());
            case FX -> new FeedTrade(instrument.symbol(), timeMs, price, 0, List.of());
        };
    }

    private FeedTrade equityTrade(String symbol, long timeMs, double price) {
        if (random.nextDouble() < 0.3) {
            return new FeedTrade(symbol, timeMs, price, 1 + random.nextInt(99), ODD_LOT_CONDITIONS);
        }
        List<String> conditions = ROUND_LOT_CONDITIONS.get(random.nextInt(ROUND_LOT_CONDITIONS.size()));
        return new FeedTrade(symbol, timeMs, price, 100 * (1 + random.nextInt(10)), conditions);
    }
}
