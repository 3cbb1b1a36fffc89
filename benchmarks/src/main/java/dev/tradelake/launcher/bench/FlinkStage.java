package dev.tradelake.launcher.bench;

import dev.tradelake.flink.bench.BarsBenchmark;
import dev.tradelake.flink.testing.TradeRecords;
import dev.tradelake.model.Trade;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The bars job's real operators on a MiniCluster with checkpointing on, fed from memory, next to
 * a plain single-threaded loop computing the same bars: {@link BarsBenchmark}'s measurement.
 */
public final class FlinkStage {

    static final String STAGE = Stage.FLINK.label();

    private FlinkStage() {}

    public static List<Figure> run(BenchContext ctx) throws Exception {
        int copies = ctx.quick() ? 3 : BarsBenchmark.DEFAULT_COPIES;
        int parallelism = BarsBenchmark.DEFAULT_PARALLELISM;
        BenchData data = ctx.data();
        Optional<Path> recording = data.recording();
        ctx.say(
                "flink: %s repeated on %d days, parallelism %d, checkpoints every %d ms",
                data.describe(), copies, parallelism, BarsBenchmark.CHECKPOINT_INTERVAL_MS);
        List<Trade> day = recording.isPresent() ? TradeRecords.readRecording(recording.get()) : data.trades();
        List<byte[]> records = new ArrayList<>();
        for (int c = 0; c < copies; c++) {
            records.addAll(TradeRecords.packPerSymbol(
                    TradeRecords.shiftDays(day, c),
                    TradeRecords.DEFAULT_TRADES_PER_RECORD,
                    TradeRecords.DEFAULT_LINGER_TRADES));
        }
        BarsBenchmark.Result r = BarsBenchmark.run(records, (long) day.size() * copies, parallelism);
        BarsBenchmark.LakeRun lake = BarsBenchmark.lakeJob(records, parallelism);
        long lakeMs = lake.netRuntimeMs();
        double lakeTradesPerSecond = r.trades() * 1000.0 / Math.max(1, lakeMs);
        ctx.say(
                "flink: with the Parquet lake on: %d ms net, %d ms CPU, %.0f trades/s (without: %d ms net, %d ms CPU)",
                lakeMs, lake.cpuMs(), lakeTradesPerSecond, r.jobNetRuntimeMs(), r.jobCpuMs());
        for (String line : r.toString().split("\n")) {
            ctx.say("flink: %s", line);
        }
        if (!r.barsMatch()) {
            throw new IllegalStateException("the job's bars differ from the plain loop's: " + r.differences());
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("input", data.describe());
        details.put("copies", copies);
        details.put("trades", r.trades());
        details.put("records", r.records());
        details.put("bars", r.bars());
        details.put("parallelism", r.parallelism());
        details.put("checkpoint_interval_ms", BarsBenchmark.CHECKPOINT_INTERVAL_MS);
        details.put("first_run_net_runtime_ms", r.coldJobNetRuntimeMs());
        details.put("second_run_net_runtime_ms", r.jobNetRuntimeMs());
        details.put("second_run_with_submission_ms", r.jobWallMs());
        details.put("second_run_cpu_ms", r.jobCpuMs());
        details.put("loop_ms", r.loopMs());
        details.put("bars_match_loop", r.barsMatch());

        Figure.Reference loop = Figure.Reference.baseline("plain Java loop, 1 thread", r.loopTradesPerSecond());
        List<Figure> figures = new ArrayList<>();
        figures.add(Figure.of(
                        STAGE,
                        "job_first_run_trades_per_second",
                        "bars job, first run in a fresh JVM",
                        r.coldJobTradesPerSecond(),
                        "trades/s")
                .against(loop)
                .target(Figure.Target.atLeast(1_000_000, ">= 1,000,000 trades/s"))
                .details(details));
        figures.add(Figure.of(
                        STAGE,
                        "job_second_run_trades_per_second",
                        "bars job, second run (JIT warm)",
                        r.jobTradesPerSecond(),
                        "trades/s")
                .against(loop));
        Map<String, Object> lakeDetails = new LinkedHashMap<>();
        lakeDetails.put("net_runtime_ms", lakeMs);
        lakeDetails.put("without_lake_net_runtime_ms", r.jobNetRuntimeMs());
        lakeDetails.put("lake_cost_ms", lakeMs - r.jobNetRuntimeMs());
        // What the lake costs per trade: in wall time (what the figure shows, which depends on
        // what else the cores are doing) and in CPU time of the whole JVM (tasks, checkpoints,
        // garbage collection), which depends on it less.
        lakeDetails.put("lake_cost_ns_per_trade", nanosPerTrade(lakeMs - r.jobNetRuntimeMs(), r.trades()));
        lakeDetails.put("cpu_ms", lake.cpuMs());
        lakeDetails.put("without_lake_cpu_ms", r.jobCpuMs());
        lakeDetails.put("lake_cpu_ns_per_trade", nanosPerTrade(lake.cpuMs() - r.jobCpuMs(), r.trades()));
        figures.add(Figure.of(
                        STAGE,
                        "job_with_lake_trades_per_second",
                        "bars job with the Parquet lake on (trades and final bars to files), second run",
                        lakeTradesPerSecond,
                        "trades/s")
                .against(Figure.Reference.baseline("the same job without the lake", r.jobTradesPerSecond()))
                .target(Figure.Target.atLeast(1_000_000, ">= 1,000,000 trades/s"))
                .details(lakeDetails));
        return figures;
    }

    private static long nanosPerTrade(long ms, long trades) {
        return Math.round(ms * 1e6 / Math.max(1, trades));
    }
}
