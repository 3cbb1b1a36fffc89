package dev.tradelake.lambda.bench;

import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.tradelake.lambda.TradeStorageHandler;
import dev.tradelake.lambda.testing.KinesisBatches;
import dev.tradelake.lambda.testing.SyntheticTrades;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Run in a fresh JVM by {@link TradeStorageBenchmark}: does what Lambda does on a cold start (load
 * the handler class, call its no-argument constructor with the function's environment, invoke it
 * once) and writes the times to the {@link ProbeReport} its first argument names: {@code jvm_to_main_ms},
 * {@code construct_ms}, {@code first_batch_ms}, {@code uptime_ms}, {@code failures}.
 */
public final class ColdStartProbe {

    private ColdStartProbe() {}

    public static void main(String[] args) {
        long mainUptime = ManagementFactory.getRuntimeMXBean().getUptime();
        Path report = Path.of(args[0]);
        int trades = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        long t0 = System.nanoTime();
        TradeStorageHandler handler = new TradeStorageHandler();
        long t1 = System.nanoTime();
        KinesisEvent event = KinesisBatches.events(
                        SyntheticTrades.generate(trades, 1_700_000_000_000L, System.currentTimeMillis(), 7),
                        trades,
                        trades)
                .get(0);
        long t2 = System.nanoTime();
        StreamsEventResponse response = handler.handleRequest(event, null);
        long t3 = System.nanoTime();
        List<StreamsEventResponse.BatchItemFailure> failures = response.getBatchItemFailures();
        Map<String, Long> values = new LinkedHashMap<>();
        values.put("jvm_to_main_ms", mainUptime);
        values.put("construct_ms", (t1 - t0) / 1_000_000);
        values.put("first_batch_ms", (t3 - t2) / 1_000_000);
        values.put("uptime_ms", ManagementFactory.getRuntimeMXBean().getUptime());
        values.put("failures", failures == null ? 0L : failures.size());
        ProbeReport.write(report, values);
        handler.close();
        System.exit(0);
    }
}
