package dev.tradelake.launcher;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tradelake.ingest.IngestMetrics;
import dev.tradelake.launcher.tables.StoredItems;
import dev.tradelake.model.Bar;
import dev.tradelake.model.Percentiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeMap;

/** What a drained local run did, measured on what the tables hold. */
final class RunSummary {

    private final IngestMetrics.Snapshot ingest;
    private final List<StoredItems.StoredTrade> trades;
    private final List<Bar> bars;
    private final long runMs;
    private final long wallMs;
    private final long[] latencies;
    private final long deadLetters;

    private RunSummary(
            IngestMetrics.Snapshot ingest,
            List<StoredItems.StoredTrade> trades,
            List<Bar> bars,
            long runMs,
            long deadLetters) {
        this.ingest = ingest;
        this.trades = trades;
        this.bars = bars;
        this.runMs = runMs;
        this.deadLetters = deadLetters;
        this.latencies = trades.stream()
                .mapToLong(t -> t.storedMs() - t.ingestMs())
                .sorted()
                .toArray();
        long firstIn = trades.stream()
                .mapToLong(StoredItems.StoredTrade::ingestMs)
                .min()
                .orElse(0);
        long lastStored = trades.stream()
                .mapToLong(StoredItems.StoredTrade::storedMs)
                .max()
                .orElse(0);
        this.wallMs = Math.max(1, lastStored - firstIn);
    }

    static RunSummary of(LocalPipeline pipeline, long runMs) {
        LocalPipeline.Progress progress = pipeline.progress();
        return new RunSummary(
                progress.ingest(),
                pipeline.trades(),
                pipeline.bars(),
                runMs,
                progress.stored().recordsDeadLettered());
    }

    long tradesStored() {
        return trades.size();
    }

    double tradesPerSecond() {
        return trades.size() * 1000.0 / wallMs;
    }

    long latencyPercentile(double p) {
        if (latencies.length == 0) {
            return 0;
        }
        return Percentiles.nearestRank(latencies, p);
    }

    void export(Path dir, LocalPipeline pipeline) throws IOException {
        Files.createDirectories(dir);
        Export.trades(dir.resolve(Export.TRADES_FILE), trades);
        Export.bars(
                dir.resolve(Export.BARS_1M_FILE),
                bars.stream().filter(b -> b.windowMs() == 60_000).toList());
        new ObjectMapper()
                .writerWithDefaultPrettyPrinter()
                .writeValue(dir.resolve(Export.SUMMARY_FILE).toFile(), toJson());
    }

    ObjectNode toJson() {
        ObjectNode json = new ObjectMapper().createObjectNode();
        json.put("frames", ingest.frames());
        json.put("trades_accepted", ingest.tradesAccepted());
        ObjectNode rejected = json.putObject("trades_rejected");
        new TreeMap<>(ingest.rejectsByReason()).forEach(rejected::put);
        json.put("trades_rejected_total", ingest.tradesRejected());
        json.put("trades_stored", tradesStored());
        json.put("records_dead_lettered", deadLetters);
        json.put("bars", bars.size());
        json.put("wall_ms", wallMs);
        json.put("run_ms", runMs);
        json.put("trades_per_second", Math.round(tradesPerSecond()));
        ObjectNode latency = json.putObject("latency_ms");
        latency.put("p50", latencyPercentile(50));
        latency.put("p99", latencyPercentile(99));
        latency.put("max", latencies.length == 0 ? 0 : latencies[latencies.length - 1]);
        return json;
    }

    String describe() {
        return String.format(
                "datalake: %,d trades accepted, %,d rejected, %,d stored, %,d bars; %,.0f trades/s end to end;"
                        + " latency ingest->stored p50 %d ms, p99 %d ms, max %d ms",
                ingest.tradesAccepted(),
                ingest.tradesRejected(),
                tradesStored(),
                bars.size(),
                tradesPerSecond(),
                latencyPercentile(50),
                latencyPercentile(99),
                latencies.length == 0 ? 0 : latencies[latencies.length - 1]);
    }
}
