package dev.tradelake.flink;

import dev.tradelake.flink.lake.FinalBarsOnce;
import dev.tradelake.flink.lake.LakeSinks;
import dev.tradelake.flink.lake.LakeTradeRows;
import dev.tradelake.model.Bar;
import dev.tradelake.model.WindowSizes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.TreeSet;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

/**
 * The bars job: trade records in, one OHLCV + VWAP bar per (symbol, window size, window) out.
 *
 * <pre>
 * records --decode-records--> partial bars --trade-time (watermarks)--> keyBy(symbol) --> drop-duplicates
 *   --> bars-1m  (tumbling event-time window, AggregateFunction + ProcessWindowFunction)
 *        |   \--> late-trades-1m (side output: trades after the allowed lateness, counted)
 *        +--> rollup-1h (passes the 1m bars on, and their rollup, RollUpBars)
 *               +--> rollup-1d (passes those on, and the 1h bars rolled up) --+--> bars-sink
 *   --> bars-90s ... (a size no smaller one divides: another window) ---------+
 * </pre>
 *
 * A size that a smaller configured size divides is rolled up from the largest such size
 * ({@link BarSettings#rolledUpFrom}) rather than windowed over the trades: its bars are then exactly
 * the rollup of the finer bars stored, the duplicate filter's memory and the late trades concern the
 * trade windows only, and a trade is either in all sizes or, late for its finer window, in none.
 *
 * Decoding folds the trades of each record that share a window into a {@link PartialBar}, so the
 * shuffle and the window state see one element per record and window rather than one per trade.
 * Event time and its edge cases (per-symbol bound, idleness, closing the last bar when the feed goes
 * quiet) are {@link TradeWatermarks}'.
 *
 * <p>Its ends are injected: {@link #BarsJob(BarSettings, RecordSource, Sink)} takes any source of
 * record payloads and any bar sink (tests and benchmarks pass in-memory ones); {@link #forAws}
 * and {@link #main} wire the Kinesis source ({@link KinesisRecordSource}) and the DynamoDB sink.
 * Running it in-process needs the JVM flags {@code --add-opens=java.base/java.util=ALL-UNNAMED
 * --add-opens=java.base/java.lang=ALL-UNNAMED}, as Flink's own scripts pass them.
 */
public final class BarsJob {
    public static final String JOB_NAME = "tradelake-bars";
    public static final String DECODE_UID = "decode-records";
    public static final String WATERMARKS_UID = "trade-time";
    public static final String DEDUP_UID = "drop-duplicates";
    public static final String SINK_UID = "bars-sink";
    public static final String LAKE_TRADES_UID = "lake-trades";
    public static final String LAKE_TRADES_SINK_UID = "lake-trades-sink";
    public static final String FINAL_BARS_UID = "final-bars";
    public static final String LAKE_BARS_SINK_UID = "lake-bars-sink";
    /** Names the window operator of each bar size: bar-window-1m, ... */
    private static final String BAR_WINDOW_PREFIX = "bar-window-";
    /** Names the rollup operator of each size built from finer bars: bar-rollup-1h, ... */
    private static final String BAR_ROLLUP_PREFIX = "bar-rollup-";

    private static final TypeInformation<Bar> BAR_TYPE = TypeInformation.of(Bar.class);

    private static final TypeInformation<LakeTradeRows> LAKE_TRADE_TYPE = TypeInformation.of(LakeTradeRows.class);

    private static final Logger LOG = LoggerFactory.getLogger(BarsJob.class);

    private final BarSettings bars;
    private final RecordSource source;
    private final Sink<Bar> sink;
    private final long checkpointIntervalMs;
    private final String lakePath;

    public BarsJob(BarSettings bars, RecordSource source, Sink<Bar> sink) {
        this(bars, source, sink, 0, null);
    }

    private BarsJob(BarSettings bars, RecordSource source, Sink<Bar> sink, long checkpointIntervalMs, String lakePath) {
        this.bars = Objects.requireNonNull(bars, "bars");
        this.source = Objects.requireNonNull(source, "source");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.checkpointIntervalMs = checkpointIntervalMs;
        this.lakePath = lakePath;
    }

    /**
     * The same job, also writing every trade and every final bar to Parquet under {@code lakePath}
     * ({@link LakeSinks}: a Flink path such as {@code s3://bucket/lake} or a local directory).
     */
    public BarsJob withLake(String lakePath) {
        return new BarsJob(bars, source, sink, checkpointIntervalMs, Objects.requireNonNull(lakePath, "lakePath"));
    }

    /**
     * The same job, enabling checkpoints every {@code intervalMs} when it builds its graph
     * (0, the default, leaves the environment's checkpoint configuration as it is).
     */
    public BarsJob withCheckpointInterval(long intervalMs) {
        return new BarsJob(bars, source, sink, intervalMs, lakePath);
    }

    /** The production job: Kinesis stream to DynamoDB bars table, as {@code config} ({@link BarsJobOptions}) says. */
    public static BarsJob forAws(ReadableConfig config) {
        String region = region(config);
        BarsJob job = new BarsJob(
                BarSettings.from(config),
                KinesisRecordSource.from(config, region),
                DynamoDbBarsSink.create(config, region),
                config.get(BarsJobOptions.CHECKPOINT_INTERVAL).toMillis(),
                null);
        return config.getOptional(BarsJobOptions.LAKE_PATH).map(job::withLake).orElse(job);
    }

    public static void main(String[] args) throws Exception {
        Configuration config = JobConfiguration.load(args);
        LOG.info("configuration: {}", BarsJobOptions.describe(config));
        forAws(config).execute(StreamExecutionEnvironment.getExecutionEnvironment());
    }

    /** Builds the graph into {@code env} and runs it to the end (a bounded source) or forever. */
    public JobExecutionResult execute(StreamExecutionEnvironment env) throws Exception {
        build(env);
        return env.execute(JOB_NAME);
    }

    /** Builds the graph into {@code env} and submits it; the caller watches or cancels it through the client. */
    public JobClient executeAsync(StreamExecutionEnvironment env) throws Exception {
        build(env);
        return env.executeAsync(JOB_NAME);
    }

    /** Adds the job's operators to {@code env}; returns the bars as they go to the sink. */
    public DataStream<Bar> build(StreamExecutionEnvironment env) {
        if (checkpointIntervalMs > 0) {
            env.enableCheckpointing(checkpointIntervalMs);
        }
        // Every function here makes new objects or copies what it keeps, so chained operators may pass references.
        env.getConfig().enableObjectReuse();

        DataStream<PartialBar> trades = source.addTo(env)
                .flatMap(new DecodeTradeRecords(bars.partialBarMs()))
                .name("decode-records")
                .uid(DECODE_UID)
                .assignTimestampsAndWatermarks(TradeWatermarks.strategy(bars))
                .name("trade-time")
                .uid(WATERMARKS_UID);
        KeyedStream<PartialBar, String> bySymbol = dropDuplicates(trades, bars);

        // Ascending, so the bars a size is rolled up from are built before it. Each trade window starts
        // a chain that its rollups extend, passing its bars on: one stream per trade window, not per size.
        Map<Long, DataStream<Bar>> chains = new LinkedHashMap<>();
        Map<Long, Long> chainOf = new HashMap<>();
        for (long windowMs : new TreeSet<>(bars.windowsMs())) {
            OptionalLong finer = bars.rolledUpFrom(windowMs);
            if (finer.isPresent()) {
                long chain = chainOf.get(finer.getAsLong());
                chains.put(chain, rollUp(chains.get(chain), finer.getAsLong(), windowMs, bars));
                chainOf.put(windowMs, chain);
                continue;
            }
            String label = WindowSizes.label(windowMs);
            SingleOutputStreamOperator<Bar> windowBars = barWindow(bySymbol, windowMs, bars);
            windowBars
                    .getSideOutput(lateTradesTag(windowMs))
                    .sinkTo(new LateTradesSink(windowMs))
                    .name("late-trades-" + label)
                    .uid("late-trades-" + label);
            chains.put(windowMs, windowBars);
            chainOf.put(windowMs, windowMs);
        }
        List<DataStream<Bar>> barStreams = new ArrayList<>(chains.values());
        DataStream<Bar> allBars = barStreams.get(0);
        for (DataStream<Bar> more : barStreams.subList(1, barStreams.size())) {
            allBars = allBars.union(more);
        }
        allBars.sinkTo(sink).name("bars-sink").uid(SINK_UID);
        if (lakePath != null) {
            // The lake hangs off the deduplicated stream: each trade id once, as the bars count it.
            bySymbol.process(new LakeTrades(bars), LAKE_TRADE_TYPE)
                    .name("lake-trades")
                    .uid(LAKE_TRADES_UID)
                    .sinkTo(LakeSinks.trades(lakePath))
                    .name("lake-trades-sink")
                    .uid(LAKE_TRADES_SINK_UID);
            allBars.keyBy(Bar::symbol, Types.STRING)
                    .process(new FinalBarsOnce(), BAR_TYPE)
                    .name("final-bars")
                    .uid(FINAL_BARS_UID)
                    .sinkTo(LakeSinks.bars(lakePath))
                    .name("lake-bars-sink")
                    .uid(LAKE_BARS_SINK_UID);
        }
        return allBars;
    }

    /**
     * Partial bars keyed by symbol, each trade id counted once ({@link DropDuplicateTrades}); the
     * windows read the same partitioning without a second shuffle.
     */
    static KeyedStream<PartialBar, String> dropDuplicates(DataStream<PartialBar> trades, BarSettings bars) {
        KeySelector<PartialBar, String> symbol = partial -> partial.symbol;
        DataStream<PartialBar> once = trades.keyBy(symbol, Types.STRING)
                .process(new DropDuplicateTrades(bars), Types.POJO(PartialBar.class))
                .name("drop-duplicates")
                .uid(DEDUP_UID);
        return DataStreamUtils.reinterpretAsKeyedStream(once, symbol, Types.STRING);
    }

    /**
     * The bars of one window size: epoch-aligned tumbling event-time windows per symbol, folded
     * incrementally, re-emitted on each partial bar within the allowed lateness; later ones go to
     * {@link #lateTradesTag}.
     */
    public static SingleOutputStreamOperator<Bar> barWindow(
            KeyedStream<PartialBar, String> bySymbol, long windowMs, BarSettings bars) {
        String label = WindowSizes.label(windowMs);
        return bySymbol.window(TumblingEventTimeWindows.of(Duration.ofMillis(windowMs)))
                .allowedLateness(Duration.ofMillis(bars.allowedLatenessMs()))
                .trigger(new BarTrigger(bars.allowedLatenessMs(), bars.closeAfterQuietMs()))
                .sideOutputLateData(lateTradesTag(windowMs))
                .aggregate(new BarAggregate(), new EmitBar(windowMs, bars.allowedLatenessMs()))
                .name(BAR_WINDOW_PREFIX + label)
                .uid("bars-" + label);
    }

    /**
     * {@code bars}, with the bars of {@code coarseMs} rolled up from those of {@code finerMs} among
     * them ({@link RollUpBars}). The bars come out of an operator keyed by symbol, so they are still
     * partitioned by it, and the rollup chains to it.
     */
    static DataStream<Bar> rollUp(DataStream<Bar> barsSoFar, long finerMs, long coarseMs, BarSettings bars) {
        String label = WindowSizes.label(coarseMs);
        KeySelector<Bar, String> symbol = Bar::symbol;
        return DataStreamUtils.reinterpretAsKeyedStream(barsSoFar, symbol, Types.STRING)
                .process(new RollUpBars(finerMs, coarseMs, bars.allowedLatenessMs()), BAR_TYPE)
                .name(BAR_ROLLUP_PREFIX + label)
                .uid("rollup-" + label);
    }

    /**
     * Whether {@code operatorName} names an operator that emits bars, a window or a rollup (as in
     * the job's metrics): once every one's input watermark has passed a time, every bar ending by
     * then has been emitted, of every size.
     */
    public static boolean isBarWindow(String operatorName) {
        return operatorName != null
                && (operatorName.startsWith(BAR_WINDOW_PREFIX) || operatorName.startsWith(BAR_ROLLUP_PREFIX));
    }

    /** The side output of trades that came after the allowed lateness of their {@code windowMs} bar. */
    public static OutputTag<PartialBar> lateTradesTag(long windowMs) {
        return new OutputTag<>("late-trades-" + WindowSizes.label(windowMs), Types.POJO(PartialBar.class));
    }

    /** The configured region, else the environment's (variables, profile, instance metadata on AWS). */
    static String region(ReadableConfig config) {
        return config.getOptional(BarsJobOptions.AWS_REGION).orElseGet(() -> {
            try {
                return new DefaultAwsRegionProviderChain().getRegion().id();
            } catch (SdkClientException e) {
                throw new IllegalArgumentException(
                        "no AWS region: set the configuration key '" + BarsJobOptions.AWS_REGION.key()
                                + "' or AWS_REGION",
                        e);
            }
        });
    }
}
