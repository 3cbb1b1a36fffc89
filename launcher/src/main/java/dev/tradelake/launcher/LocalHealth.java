package dev.tradelake.launcher;

import dev.tradelake.launcher.dashboard.Health;
import dev.tradelake.launcher.dashboard.Lake;
import java.util.Map;
import java.util.TreeMap;

/** The health of the pipeline running in this process, from the counters its stages keep. */
final class LocalHealth implements Health.Source {

    /** Rates are averaged over at least this long, so that quick reloads do not make them jump. */
    private static final long MIN_SAMPLE_NANOS = 1_000_000_000L;

    private final LocalPipeline pipeline;
    private final Lake lake;
    private long sampleNanos = System.nanoTime();
    private long sampleIn;
    private long sampleStored;
    private double inPerSecond;
    private double storedPerSecond;

    LocalHealth(LocalPipeline pipeline, Lake lake) {
        this.pipeline = pipeline;
        this.lake = lake;
    }

    @Override
    public synchronized Health health() {
        LocalPipeline.Progress p = pipeline.progress();
        long in = p.ingest().tradesAccepted();
        long stored = p.stored().tradesWritten();
        long now = System.nanoTime();
        if (now - sampleNanos >= MIN_SAMPLE_NANOS) {
            double seconds = (now - sampleNanos) / 1e9;
            inPerSecond = (in - sampleIn) / seconds;
            storedPerSecond = (stored - sampleStored) / seconds;
            sampleNanos = now;
            sampleIn = in;
            sampleStored = stored;
        }
        Map<String, Long> rejects = new TreeMap<>(p.ingest().rejectsByReason());
        return new Health(
                true,
                inPerSecond,
                storedPerSecond,
                in,
                stored,
                p.lagMillis(),
                rejects,
                p.stored().recordsDeadLettered(),
                pipeline.flinkRunning() ? LocalFlinkMetrics.lateTrades() : null,
                LakeHealth.latestTradeMs(lake));
    }
}
