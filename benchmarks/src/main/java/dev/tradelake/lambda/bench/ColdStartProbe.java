package dev.tradelake.lambda.bench;

import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.tradelake.lambda.TradeStorageHandler;
import dev.tradelake.lambda.testing.KinesisBatches;
import dev.tradelake.lambda.testing.SyntheticTrades;
import java.lang.management.ManagementFactory;
import java.util.List;

/**
 * Run in a fresh JVM by {@link TradeStorageBenchmark}: does what Lambda does on a cold start (load
 * the handler class, call its no-argument constructor with the function's environment, invoke it
 * once) and prints one line with the times:
 * <pre>COLD_START jvm_to_main_ms=85 construct_ms=420 first_batch_ms=380 uptime_ms=890 failures=0</pre>
 */
public final class ColdStartProbe {

    public static final String MARKER = "COLD_START";

    private ColdStartProbe() {}

    public static void main(String[] args) {
        long mainUptime = ManagementFactory.getRuntimeMXBean().getUptime();
        int trades = args.length > 0 ? Integer.parseInt(args[0]) : 100;
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
        System.out.printf(
                "%s jvm_to_main_ms=%d construct_ms=%d first_batch_ms=%d uptime_ms=%d failures=%d%n",
                MARKER,
                mainUptime,
                (t1 - t0) / 1_000_000,
                (t3 - t2) / 1_000_000,
                ManagementFactory.getRuntimeMXBean().getUptime(),
                failures == null ? 0 : failures.size());
        System.out.flush();
        handler.close();
        System.exit(0);
    }
}
