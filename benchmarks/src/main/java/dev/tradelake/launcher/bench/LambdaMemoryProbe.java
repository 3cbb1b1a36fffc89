package dev.tradelake.launcher.bench;

import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.tradelake.lambda.TradeStorageHandler;
import dev.tradelake.lambda.testing.KinesisBatches;
import dev.tradelake.lambda.testing.SyntheticTrades;
import java.util.List;

/**
 * Run in a fresh JVM by the memory stage: what a warm Lambda container does over its life. The
 * handler is built as Lambda builds it (no-argument constructor, settings from the environment)
 * and invoked with batches of 100 records of 100 trades, one after the other, each batch built
 * just before its invocation as the runtime would deliver it. Prints one line:
 * <pre>LAMBDA_MEMORY peak_rss_kb=123456 trades=200000 ms=15000 failures=0</pre>
 */
public final class LambdaMemoryProbe {

    public static final String MARKER = "LAMBDA_MEMORY";
    private static final int TRADES_PER_INVOCATION = 10_000;
    private static final long DAY_MS = 86_400_000L;

    private LambdaMemoryProbe() {}

    public static void main(String[] args) {
        int trades = Integer.parseInt(args[0]);
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
        System.out.printf(
                "%s peak_rss_kb=%d trades=%d ms=%d failures=%d%n",
                MARKER, PeakRss.selfKb().orElse(-1), trades, (System.nanoTime() - start) / 1_000_000, failures);
        System.out.flush();
    }
}
