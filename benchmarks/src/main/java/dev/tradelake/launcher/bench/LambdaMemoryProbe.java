package dev.tradelake.launcher.bench;

import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.tradelake.lambda.TradeStorageHandler;
import dev.tradelake.lambda.bench.ProbeReport;
import dev.tradelake.lambda.testing.KinesisBatches;
import dev.tradelake.lambda.testing.SyntheticTrades;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Run in a fresh JVM by the memory stage: what a warm Lambda container does over its life. The
 * handler is built as Lambda builds it (no-argument constructor, settings from the environment)
 * and invoked with batches of 100 records of 100 trades, one after the other, each batch built
 * just before its invocation as the runtime would deliver it. Writes {@code peak_rss_kb},
 * {@code trades}, {@code ms} and {@code failures} to the {@link ProbeReport} its first argument names;
 * the second is the number of trades.
 */
public final class LambdaMemoryProbe {

    private static final int TRADES_PER_INVOCATION = 10_000;
    private static final long DAY_MS = 86_400_000L;

    private LambdaMemoryProbe() {}

    public static void main(String[] args) {
        Path report = Path.of(args[0]);
        int trades = Integer.parseInt(args[1]);
        long start = System.nanoTime();
        int failures = 0;
        try (TradeStorageHandler handler = new TradeStorageHandler()) {
            for (int done = 0, batch = 0; done < trades; done += TRADES_PER_INVOCATION, batch++) {
                int n = Math.min(TRADES_PER_INVOCATION, trades - done);
                // A different day per batch: keys never repeat, so every item is a new one.
                List<KinesisEvent> events = KinesisBatches.events(
                        SyntheticTrades.generate(
                                n, 1_381_132_800_000L + batch * DAY_MS, System.currentTimeMillis(), batch),
                        100,
                        100);
                for (KinesisEvent event : events) {
                    StreamsEventResponse response = handler.handleRequest(event, null);
                    failures += response.getBatchItemFailures() == null
                            ? 0
                            : response.getBatchItemFailures().size();
                }
            }
        }
        Map<String, Long> values = new LinkedHashMap<>();
        values.put("peak_rss_kb", PeakRss.selfKb().orElse(-1));
        values.put("trades", (long) trades);
        values.put("ms", (System.nanoTime() - start) / 1_000_000);
        values.put("failures", (long) failures);
        ProbeReport.write(report, values);
    }
}
