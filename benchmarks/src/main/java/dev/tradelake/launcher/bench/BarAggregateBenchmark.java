package dev.tradelake.launcher.bench;

import dev.tradelake.flink.BarAccumulator;
import dev.tradelake.flink.BarAggregate;
import dev.tradelake.flink.PartialBar;
import dev.tradelake.local.feed.SyntheticMarket;
import dev.tradelake.model.FeedTrade;
import dev.tradelake.model.Trade;
import dev.tradelake.model.TradeSequencer;
import java.math.BigDecimal;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The bars job's two folds, per element: decoding folds each trade of a record into a partial bar
 * ({@link BarAccumulator#add}), and the window folds partial bars into its bar
 * ({@link BarAggregate#add}). Next to them, one plain pass over the same trades (sum of price x
 * volume): the least any fold over them does, the ceiling of the first.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class BarAggregateBenchmark {

    /** A full Kinesis record's worth of trades. */
    static final int TRADES = 500;
    /** Partial bars a window merges: one per record of a symbol in the window. */
    static final int PARTIALS = 100;

    private long[] times;
    private int[] seqs;
    private BigDecimal[] prices;
    private BigDecimal[] volumes;
    /** The same numbers as doubles: the baseline pass sums them in binary, as the fold did before it was exact. */
    private double[] doublePrices;

    private double[] doubleVolumes;
    private PartialBar[] partials;
    private final BarAggregate aggregate = new BarAggregate();

    @Setup
    public void setUp() {
        List<FeedTrade> feed = SyntheticMarket.trades(1, TRADES);
        TradeSequencer sequencer = new TradeSequencer();
        times = new long[TRADES];
        seqs = new int[TRADES];
        prices = new BigDecimal[TRADES];
        volumes = new BigDecimal[TRADES];
        doublePrices = new double[TRADES];
        doubleVolumes = new double[TRADES];
        for (int i = 0; i < TRADES; i++) {
            Trade t = sequencer.identify(feed.get(i), feed.get(i).timeMs());
            times[i] = t.timeMs();
            seqs[i] = t.seq();
            prices[i] = t.price();
            volumes[i] = t.volume();
            doublePrices[i] = t.price().doubleValue();
            doubleVolumes[i] = t.volume().doubleValue();
        }
        partials = new PartialBar[PARTIALS];
        for (int p = 0; p < PARTIALS; p++) {
            PartialBar bar = new PartialBar("SPY");
            for (int i = p % 7; i < TRADES; i += 37) {
                bar.add(times[i] + p, seqs[i], prices[i], volumes[i]);
            }
            partials[p] = bar;
        }
    }

    @Benchmark
    @OperationsPerInvocation(TRADES)
    public BarAccumulator foldTrades() {
        BarAccumulator bar = new BarAccumulator();
        for (int i = 0; i < TRADES; i++) {
            bar.add(times[i], seqs[i], prices[i], volumes[i]);
        }
        return bar;
    }

    @Benchmark
    @OperationsPerInvocation(TRADES)
    public double plainPass() {
        double turnover = 0;
        for (int i = 0; i < TRADES; i++) {
            turnover += doublePrices[i] * doubleVolumes[i];
        }
        return turnover;
    }

    @Benchmark
    @OperationsPerInvocation(PARTIALS)
    public BarAccumulator mergePartials() {
        BarAccumulator bar = aggregate.createAccumulator();
        for (PartialBar p : partials) {
            bar = aggregate.add(p, bar);
        }
        return aggregate.getResult(bar);
    }
}
