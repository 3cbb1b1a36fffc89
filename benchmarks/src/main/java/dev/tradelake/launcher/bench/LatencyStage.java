package dev.tradelake.launcher.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tradelake.flink.BarSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The pipeline at a paced 1,000 trades/s of the synthetic market, as {@code ./datalake local
 * --rate R --count N --until-drained} runs it in a fresh JVM: latency from the ingest receiving
 * a trade to its item stored (every trade, from its {@code ingest_ms} and {@code stored_ms}), and
 * from a bar's window end to the bar stored (polled from the bars table).
 */
public final class LatencyStage {

    static final String STAGE = Stage.LATENCY.label();
    static final int RATE = 1_000;
    /** The synthetic market's {@code --rate}; the rate achieved is measured and reported. */
    static final int MARKET_RATE = RATE;
    /**
     * 10-second bars alone: a run of under a minute closes few 1-minute windows, and with both, 1m
     * would be rolled up from 10s and first stored long before its window ends (each 10s bar
     * writes the forming minute), which is not the latency of a window over the trades.
     */
    static final String WINDOWS = "10s";

    private static final Duration POLL = Duration.ofMillis(250);

    private LatencyStage() {}

    public static List<Figure> run(BenchContext ctx) throws Exception {
        ctx.closeAws();
        int count = ctx.quick() ? 15_000 : 45_000;
        ctx.say(
                "latency: ./datalake local --rate %d --count %,d --windows %s (about %d s at %,d trades/s), in a child JVM",
                MARKET_RATE, count, WINDOWS, count / RATE, RATE);
        Path workDir = LocalRun.workDir("latency");
        LocalRun.Outcome run;
        BarLatencyPoller.Result bars;
        BarSettings design = BarSettings.defaults();
        long lastTradeMs;
        try (BarLatencyPoller poller = BarLatencyPoller.start(
                BarLatencyPoller.endpointOf(ctx.localRuns(), workDir),
                ctx.localRuns().barsTable(),
                ctx.localRuns().tradesTable(),
                POLL)) {
            run = LocalRun.run(
                    ctx,
                    "latency",
                    List.of(
                            "--count",
                            Integer.toString(count),
                            "--rate",
                            Integer.toString(MARKET_RATE),
                            "--speed",
                            "realtime",
                            "--windows",
                            WINDOWS),
                    workDir,
                    Duration.ofMinutes(10));
            lastTradeMs = LocalRun.lastTradeMs(run.exportDir());
            bars = poller.result(lastTradeMs, design.outOfOrdernessMs());
        } finally {
            LocalRun.delete(workDir);
        }
        JsonNode s = run.summary();
        JsonNode latency = s.path("latency_ms");
        long stored = s.path("trades_stored").asLong();
        if (stored != s.path("trades_accepted").asLong()) {
            throw new IllegalStateException(
                    "stored " + stored + " of " + s.path("trades_accepted").asLong() + " trades");
        }
        double achieved = stored * 1000.0 / Math.max(1, s.path("wall_ms").asLong());
        long floor = design.outOfOrdernessMs() + design.holdMs();
        ctx.say(
                "latency: %,d trades at %,.0f/s: ingest -> stored p50 %d ms, p99 %d ms, max %d ms; window end -> bar"
                        + " stored p50 %d ms, max %d ms over %d bars (feed lag %d ms)",
                stored,
                achieved,
                latency.path("p50").asLong(),
                latency.path("p99").asLong(),
                latency.path("max").asLong(),
                BarLatencyPoller.percentile(bars.latenciesMs(), 50),
                BarLatencyPoller.percentile(bars.latenciesMs(), 100),
                bars.latenciesMs().length,
                bars.feedLagMs());

        Map<String, Object> details = new LinkedHashMap<>();
        details.put("trades", stored);
        details.put("market_rate_flag", MARKET_RATE);
        details.put("achieved_trades_per_second", Math.round(achieved));
        details.put("summary", new com.fasterxml.jackson.databind.ObjectMapper().convertValue(s, Map.class));
        Map<String, Object> barDetails = new LinkedHashMap<>();
        barDetails.put("windows", WINDOWS);
        barDetails.put("bars_measured", bars.latenciesMs().length);
        barDetails.put("bars_seen", bars.barsSeen());
        barDetails.put("poll_interval_ms", POLL.toMillis());
        barDetails.put("feed_lag_ms", bars.feedLagMs());
        barDetails.put("p99_ms", BarLatencyPoller.percentile(bars.latenciesMs(), 99));
        barDetails.put("to_sink_p50_ms", BarLatencyPoller.percentile(bars.sinkMs(), 50));
        barDetails.put("to_sink_max_ms", BarLatencyPoller.percentile(bars.sinkMs(), 100));
        barDetails.put(
                "design_floor",
                "out-of-orderness " + design.outOfOrdernessMs() + " ms + watermark hold " + design.holdMs() + " ms");

        List<Figure> figures = new ArrayList<>();
        figures.add(Figure.of(STAGE, "paced_trades_per_second", "paced feed, rate achieved", achieved, "trades/s")
                .details(details));
        figures.add(Figure.of(
                STAGE,
                "ingest_to_stored_p50_ms",
                "ingest -> stored at that rate, p50",
                latency.path("p50").asDouble(),
                "ms"));
        figures.add(Figure.of(
                        STAGE,
                        "ingest_to_stored_p99_ms",
                        "ingest -> stored at that rate, p99",
                        latency.path("p99").asDouble(),
                        "ms")
                .target(Figure.Target.below(1_000, "< 1,000 ms")));
        figures.add(Figure.of(
                STAGE,
                "ingest_to_stored_max_ms",
                "ingest -> stored at that rate, max",
                latency.path("max").asDouble(),
                "ms"));
        Figure.Reference designFloor = Figure.Reference.baseline(
                "design floor: " + design.outOfOrdernessMs() / 1000 + " s bound + " + design.holdMs() / 1000
                        + " s hold",
                floor);
        figures.add(Figure.of(
                        STAGE,
                        "bar_stored_p50_ms",
                        "window end -> bar stored, p50",
                        BarLatencyPoller.percentile(bars.latenciesMs(), 50),
                        "ms")
                .against(designFloor)
                .details(barDetails));
        figures.add(Figure.of(
                        STAGE,
                        "bar_stored_max_ms",
                        "window end -> bar stored, max",
                        BarLatencyPoller.percentile(bars.latenciesMs(), 100),
                        "ms")
                .against(designFloor));
        return figures;
    }
}
