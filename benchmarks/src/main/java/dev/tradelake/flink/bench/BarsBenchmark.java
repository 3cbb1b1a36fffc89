package dev.tradelake.flink.bench;

import dev.tradelake.flink.BarSettings;
import dev.tradelake.flink.BarsJob;
import dev.tradelake.flink.testing.CollectedBars;
import dev.tradelake.flink.testing.InMemoryRecords;
import dev.tradelake.flink.testing.PlainBars;
import dev.tradelake.flink.testing.TradeRecords;
import dev.tradelake.model.Bar;
import dev.tradelake.model.Trade;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Throughput of the bars job next to a plain Java loop computing the same bars, in one run.
 *
 * <p>The job runs its real operators (decode, watermarks, keyed one-minute windows, sink) on a
 * local MiniCluster with checkpointing on, fed from {@link InMemoryRecords}; its figure is trades
 * divided by the job's net runtime (from the job's creation on the cluster to its end, so
 * scheduling and deployment are included). The loop decodes the same records and folds the same
 * accumulators on one thread. The recorded day is repeated on consecutive days ({@code copies})
 * so that the start-up of the job does not dominate. The job runs twice, and both figures are
 * reported: the first pays for class loading and JIT compilation, the second shows the pipeline.
 *
 * <p>Run in a fresh JVM: {@code BarsBenchmark [--frames FILE] [--copies N] [--parallelism P]}, or
 * call {@link #runRecording}; {@code ./datalake bench} does the latter.
 */
public final class BarsBenchmark {
    public static final int DEFAULT_COPIES = 10;
    public static final int DEFAULT_PARALLELISM = 2;
    public static final long CHECKPOINT_INTERVAL_MS = 1_000;

    private BarsBenchmark() {}

    /** What one run measured. */
    public record Result(
            long trades,
            int records,
            int parallelism,
            long coldJobNetRuntimeMs,
            long jobNetRuntimeMs,
            long jobWallMs,
            long jobCpuMs,
            long loopMs,
            int bars,
            List<String> differences) {

        public boolean barsMatch() {
            return differences.isEmpty();
        }

        /** The job's throughput, second run (compiled code). */
        public double jobTradesPerSecond() {
            return trades * 1000.0 / Math.max(1, jobNetRuntimeMs);
        }

        /** The job's throughput in its first run in this JVM, JIT compilation included. */
        public double coldJobTradesPerSecond() {
            return trades * 1000.0 / Math.max(1, coldJobNetRuntimeMs);
        }

        public double loopTradesPerSecond() {
            return trades * 1000.0 / Math.max(1, loopMs);
        }

        /** How many times faster the plain loop is. */
        public double loopOverJob() {
            return loopTradesPerSecond() / jobTradesPerSecond();
        }

        @Override
        public String toString() {
            return String.format(
                    Locale.ROOT,
                    "trades %,d in %,d records, %d bars (job and loop agree: %s)%n"
                            + "flink job, parallelism %d, checkpoints every %d ms:%n"
                            + "  first run in this JVM: %,d ms net runtime, %,.0f trades/s%n"
                            + "  second run:            %,d ms net runtime (%,d ms with submission, %,d ms CPU), %,.0f trades/s%n"
                            + "plain Java loop, 1 thread, same decoding and bars: %,d ms, %,.0f trades/s%n"
                            + "loop / job (second run): %.1fx",
                    trades,
                    records,
                    bars,
                    barsMatch() ? "true" : "NO, " + differences,
                    parallelism,
                    CHECKPOINT_INTERVAL_MS,
                    coldJobNetRuntimeMs,
                    coldJobTradesPerSecond(),
                    jobNetRuntimeMs,
                    jobWallMs,
                    jobCpuMs,
                    jobTradesPerSecond(),
                    loopMs,
                    loopTradesPerSecond(),
                    loopOverJob());
        }
    }

    /** Reads the recording, repeats it {@code copies} times on consecutive days, and measures. */
    public static Result runRecording(Path framesGz, int copies, int parallelism) throws Exception {
        List<Trade> day = TradeRecords.readRecording(framesGz);
        List<byte[]> records = new ArrayList<>();
        for (int c = 0; c < copies; c++) {
            records.addAll(TradeRecords.packPerSymbol(
                    TradeRecords.shiftDays(day, c),
                    TradeRecords.DEFAULT_TRADES_PER_RECORD,
                    TradeRecords.DEFAULT_LINGER_TRADES));
        }
        return run(records, (long) day.size() * copies, parallelism);
    }

    /** Measures the job on a new local MiniCluster, then the loop, over {@code records} holding {@code trades} trades. */
    public static Result run(List<byte[]> records, long trades, int parallelism) throws Exception {
        return withFileCheckpoints(parallelism, env -> run(records, trades, env));
    }

    /** What a measurement does with its environment. */
    private interface Measurement<T> {
        T run(StreamExecutionEnvironment env) throws Exception;
    }

    private static <T> T withFileCheckpoints(int parallelism, Measurement<T> measurement) throws Exception {
        // Checkpoints on files, as Managed Flink keeps them in durable storage: the MiniCluster's
        // default keeps them in the JobManager's memory, capped at 5 MB, which the duplicate
        // filter's state outgrows when a million trades a second run ahead of the watermark.
        Path checkpoints = Files.createTempDirectory("tradelake-bench-checkpoints");
        try {
            Configuration config = new Configuration();
            config.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
            config.set(
                    CheckpointingOptions.CHECKPOINTS_DIRECTORY,
                    checkpoints.toUri().toString());
            return measurement.run(StreamExecutionEnvironment.createLocalEnvironment(parallelism, config));
        } finally {
            deleteRecursively(checkpoints);
        }
    }

    private static void deleteRecursively(Path dir) throws java.io.IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    /**
     * Measures the job in {@code env} (its parallelism) twice, cold then warm, then the loop
     * (warmed up on a tenth of the records), all in this JVM.
     */
    public static Result run(List<byte[]> records, long trades, StreamExecutionEnvironment env) throws Exception {
        BarSettings settings = BarSettings.defaults();
        JobRun cold = runJob(records, settings, env);
        PlainBars.compute(records.subList(0, Math.max(1, records.size() / 10)), settings.windowsMs());

        long jobStart = System.nanoTime();
        long jobCpuStart = processCpuNanos();
        JobRun job = runJob(records, settings, env);
        long jobCpuMs = (processCpuNanos() - jobCpuStart) / 1_000_000;
        long jobWallMs = (System.nanoTime() - jobStart) / 1_000_000;
        long loopStart = System.nanoTime();
        Map<CollectedBars.Key, Bar> loopBars = PlainBars.compute(records, settings.windowsMs());
        long loopMs = (System.nanoTime() - loopStart) / 1_000_000;
        List<String> differences = new ArrayList<>(PlainBars.differences(job.bars(), loopBars, 5));
        differences.addAll(PlainBars.differences(cold.bars(), loopBars, 5));
        return new Result(
                trades,
                records.size(),
                env.getParallelism(),
                cold.netRuntimeMs(),
                job.netRuntimeMs(),
                jobWallMs,
                jobCpuMs,
                loopMs,
                loopBars.size(),
                differences);
    }

    /** The job with the lake on, second run: its net runtime and the CPU time the whole JVM used meanwhile. */
    public record LakeRun(long netRuntimeMs, long cpuMs) {}

    /**
     * The same job with the lake on (every trade and final bar also written as Parquet under a
     * temporary directory, deleted afterwards): a warm run, after a cold one, as {@link #run}
     * measures the job without it.
     */
    public static LakeRun lakeJob(List<byte[]> records, int parallelism) throws Exception {
        return withFileCheckpoints(parallelism, env -> {
            LakeRun run = null;
            for (int i = 0; i < 2; i++) {
                Path lake = Files.createTempDirectory("tradelake-bench-lake");
                try (InMemoryRecords source = InMemoryRecords.of(records);
                        CollectedBars sink = CollectedBars.create()) {
                    long cpuStart = processCpuNanos();
                    long net = new BarsJob(BarSettings.defaults(), source, sink)
                            .withCheckpointInterval(CHECKPOINT_INTERVAL_MS)
                            .withLake(lake.toString())
                            .execute(env)
                            .getNetRuntime();
                    run = new LakeRun(net, (processCpuNanos() - cpuStart) / 1_000_000);
                } finally {
                    deleteRecursively(lake);
                }
            }
            return run;
        });
    }

    /**
     * CPU time of every thread of this JVM (tasks, checkpoints, garbage collection): what a run
     * costs whatever else the machine's cores are doing, where its wall time depends on that.
     */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private record JobRun(long netRuntimeMs, Map<CollectedBars.Key, Bar> bars) {}

    private static JobRun runJob(List<byte[]> records, BarSettings settings, StreamExecutionEnvironment env)
            throws Exception {
        try (InMemoryRecords source = InMemoryRecords.of(records);
                CollectedBars sink = CollectedBars.create()) {
            JobExecutionResult result = new BarsJob(settings, source, sink)
                    .withCheckpointInterval(CHECKPOINT_INTERVAL_MS)
                    .execute(env);
            return new JobRun(result.getNetRuntime(), sink.latest());
        }
    }
}
