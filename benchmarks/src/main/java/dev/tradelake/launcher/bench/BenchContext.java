package dev.tradelake.launcher.bench;

import dev.tradelake.lambda.WriteSettings;
import dev.tradelake.lambda.bench.TradeStorageBenchmark;
import dev.tradelake.lambda.testing.SyntheticTrades;
import dev.tradelake.local.aws.LocalAws;
import dev.tradelake.model.Trade;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** What the stages of one run share: settings, the input, the emulators of this JVM, ceilings measured once. */
public final class BenchContext implements AutoCloseable {

    /** Finds a running {@code ./datalake local}'s DynamoDB endpoint from its work directory. */
    public interface LocalRuns {
        Optional<URI> dynamoDbEndpoint(Path workDir);

        String tradesTable();

        String barsTable();
    }

    /**
     * The DynamoDB emulator's ceilings, measured once per run.
     *
     * @param bareLoopRate         BatchWriteItem of 25 prebuilt items, one writer, items/s
     * @param bareLoopParallelRate the same with {@code writers} writers
     * @param putItemRate          one PutItem per item, one writer: the tutorial design's storage
     */
    public record DynamoCeilings(double bareLoopRate, double bareLoopParallelRate, int writers, double putItemRate) {}

    private final boolean quick;
    private final boolean jmhLong;
    private final BenchData data;
    private final Path logDir;
    private final PrintWriter out;
    private final LocalRuns localRuns;
    private LocalAws aws;
    private DynamoCeilings dynamoCeilings;

    public BenchContext(
            boolean quick, boolean jmhLong, BenchData data, Path logDir, PrintWriter out, LocalRuns localRuns) {
        this.quick = quick;
        this.jmhLong = jmhLong;
        this.data = data;
        this.logDir = logDir;
        this.out = out;
        this.localRuns = localRuns;
    }

    public boolean quick() {
        return quick;
    }

    public boolean jmhLong() {
        return jmhLong;
    }

    public BenchData data() {
        return data;
    }

    public Path logDir() {
        return logDir;
    }

    public LocalRuns localRuns() {
        return localRuns;
    }

    /** A progress line on the terminal. */
    public void say(String format, Object... args) {
        out.println("bench: " + String.format(Locale.ROOT, format, args));
        out.flush();
    }

    /** The emulators of this JVM, started on first use. */
    public synchronized LocalAws aws() {
        if (aws == null) {
            aws = LocalAws.start(logDir.resolve("emulators"));
        }
        return aws;
    }

    /** Stops this JVM's emulators (the child JVMs start their own): they would only take memory and CPU. */
    public synchronized void closeAws() {
        if (aws != null) {
            aws.close();
            aws = null;
        }
    }

    public synchronized void dynamoCeilings(DynamoCeilings measured) {
        dynamoCeilings = measured;
    }

    /** The lambda stage's ceilings, or a short measurement of them when that stage did not run. */
    public synchronized DynamoCeilings dynamoCeilings() {
        if (dynamoCeilings == null) {
            say("measuring the DynamoDB emulator's ceilings (the lambda stage did not run)");
            LocalAws local = aws();
            TradeStorageBenchmark.Figures f = TradeStorageBenchmark.run(
                    local.dynamoDb(),
                    local.dynamoDbEndpoint(),
                    local::createTradesTable,
                    new TradeStorageBenchmark.Options(
                            20_000, 100, 100, WriteSettings.DEFAULT_CONCURRENCY, 1, false, null));
            dynamoCeilings = new DynamoCeilings(
                    f.bareLoopRate(), f.bareLoopParallelRate(), f.writeConcurrency(), putItemRate(local, 2_000));
        }
        return dynamoCeilings;
    }

    /** One PutItem per trade into a fresh table: the tutorial design's storage rate. */
    static double putItemRate(LocalAws local, int items) {
        String table = LocalAws.uniqueName("bench-putitem");
        local.createTradesTable(table);
        List<Trade> trades = SyntheticTrades.generate(items + 300, 1_381_132_800_000L, System.currentTimeMillis(), 11);
        return PutItemLoop.run(local.dynamoDb(), table, trades.subList(items, trades.size()), trades.subList(0, items));
    }

    @Override
    public void close() {
        closeAws();
    }
}
