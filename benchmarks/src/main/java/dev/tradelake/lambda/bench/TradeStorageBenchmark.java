package dev.tradelake.lambda.bench;

import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.tradelake.lambda.DeadLetterSink;
import dev.tradelake.lambda.LambdaEnv;
import dev.tradelake.lambda.Sleeper;
import dev.tradelake.lambda.StorageCounters;
import dev.tradelake.lambda.TradeItems;
import dev.tradelake.lambda.TradeStorageHandler;
import dev.tradelake.lambda.WriteSettings;
import dev.tradelake.lambda.testing.KinesisBatches;
import dev.tradelake.lambda.testing.SyntheticTrades;
import dev.tradelake.launcher.Artifacts;
import dev.tradelake.local.feed.SyntheticMarket;
import dev.tradelake.model.Percentiles;
import dev.tradelake.model.Trade;
import dev.tradelake.model.testing.PackedRecords;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Measures the handler against a DynamoDB endpoint (the emulator, normally), next to what a bare
 * BatchWriteItem loop achieves in the same run, and the cold start of a fresh JVM. Not a test: it
 * prints figures. Called by {@code ./datalake bench} and by the test-source main
 * {@code TradeStorageBenchmarkMain}:
 * <pre>
 * Figures f = TradeStorageBenchmark.run(aws.dynamoDb(), aws.dynamoDbEndpoint(), aws::createTradesTable,
 *         TradeStorageBenchmark.Options.defaults());
 * f.report().forEach(System.out::println);
 * </pre>
 * Each measurement writes the same synthetic trades into a fresh table, after a warm-up of the JIT.
 */
public final class TradeStorageBenchmark {

    private static final long START_MS = 1_381_132_800_000L;
    private static final int WARM_UP_TRADES = 30_000;

    private TradeStorageBenchmark() {}

    /**
     * @param trades           trades written per measurement
     * @param tradesPerRecord  trades packed per Kinesis record, as the ingest does
     * @param recordsPerBatch  records per invocation (the event source mapping's batch size)
     * @param writeConcurrency the handler's BatchWriteItem calls in flight
     * @param rounds           each rate is measured this many times, interleaved; the median is reported
     * @param coldStart        also start a fresh JVM and time it to its first batch written (median run of {@code rounds})
     * @param coldStartClasspath classpath of that JVM; null picks the deployable jar when built, else this JVM's
     */
    public record Options(
            int trades,
            int tradesPerRecord,
            int recordsPerBatch,
            int writeConcurrency,
            int rounds,
            boolean coldStart,
            String coldStartClasspath) {
        /**
         * 50,000 trades, 100 per record, 100 records per batch, the handler's default concurrency, 3 rounds
         * (medians are reported: the machine is shared), cold start on.
         */
        public static Options defaults() {
            return new Options(50_000, 100, 100, WriteSettings.DEFAULT_CONCURRENCY, 3, true, null);
        }
    }

    /**
     * The measured figures; rates in items (= trades) per second.
     *
     * @param bareLoopRate         one thread, BatchWriteItem of 25 prebuilt items, back to back
     * @param bareLoopParallelRate {@code writeConcurrency} such threads
     * @param handlerRate          the handler, invoked with batches of Kinesis records, one invocation at a time
     * @param coldStart            null when not measured
     */
    public record Figures(
            int trades,
            int writeConcurrency,
            double bareLoopRate,
            double bareLoopParallelRate,
            double handlerRate,
            ColdStart coldStart) {

        public double handlerToBareLoop() {
            return handlerRate / bareLoopRate;
        }

        public double handlerToBareLoopParallel() {
            return handlerRate / bareLoopParallelRate;
        }

        public List<String> report() {
            List<String> lines = new ArrayList<>();
            lines.add(String.format(Locale.ROOT, "trades per measurement        %,d (median of the rounds)", trades));
            lines.add(String.format(Locale.ROOT, "bare BatchWriteItem loop, 1   %,.0f items/s", bareLoopRate));
            lines.add(String.format(
                    Locale.ROOT,
                    "bare BatchWriteItem loop, %d   %,.0f items/s",
                    writeConcurrency,
                    bareLoopParallelRate));
            lines.add(String.format(
                    Locale.ROOT,
                    "handler (%d writes in flight)  %,.0f trades/s = %.0f%% of 1 loop, %.0f%% of %d loops",
                    writeConcurrency,
                    handlerRate,
                    100 * handlerToBareLoop(),
                    100 * handlerToBareLoopParallel(),
                    writeConcurrency));
            if (coldStart != null) {
                lines.add(String.format(
                        Locale.ROOT,
                        "cold start                    %,d ms from fresh JVM to first batch written "
                                + "(JVM %d ms, constructor %d ms, first batch of %d trades %d ms)",
                        coldStart.totalMs(),
                        coldStart.jvmToMainMs(),
                        coldStart.constructMs(),
                        coldStart.trades(),
                        coldStart.firstBatchMs()));
            }
            return lines;
        }
    }

    /**
     * @param totalMs      from starting the process to reading its report, i.e. to the first batch written
     * @param jvmToMainMs  JVM start to {@code main}
     * @param constructMs  the handler's no-argument constructor (clients built from the environment)
     * @param firstBatchMs the first invocation
     */
    public record ColdStart(long totalMs, long jvmToMainMs, long constructMs, long firstBatchMs, int trades) {}

    public static Figures run(
            DynamoDbClient dynamo, URI endpoint, Consumer<String> createTradesTable, Options options) {
        List<Trade> trades = SyntheticTrades.generate(options.trades(), START_MS, System.currentTimeMillis(), 42);
        List<Trade> warmUp = trades.subList(0, Math.min(trades.size(), WARM_UP_TRADES));

        bareLoop(dynamo, freshTable(createTradesTable, "bench-warmup-bare"), warmUp, 1);
        handler(dynamo, freshTable(createTradesTable, "bench-warmup-handler"), warmUp, options);

        double[] bare = new double[options.rounds()];
        double[] bareParallel = new double[options.rounds()];
        double[] handler = new double[options.rounds()];
        for (int round = 0; round < options.rounds(); round++) {
            bare[round] = bareLoop(dynamo, freshTable(createTradesTable, "bench-bare"), trades, 1);
            bareParallel[round] = bareLoop(
                    dynamo, freshTable(createTradesTable, "bench-bare-par"), trades, options.writeConcurrency());
            handler[round] = handler(dynamo, freshTable(createTradesTable, "bench-handler"), trades, options);
        }
        ColdStart cold = null;
        if (options.coldStart()) {
            List<ColdStart> starts = new ArrayList<>();
            for (int round = 0; round < options.rounds(); round++) {
                starts.add(coldStart(endpoint, freshTable(createTradesTable, "bench-cold"), options));
            }
            starts.sort(java.util.Comparator.comparingLong(ColdStart::totalMs));
            cold = starts.get(starts.size() / 2);
        }
        return new Figures(
                trades.size(), options.writeConcurrency(), median(bare), median(bareParallel), median(handler), cold);
    }

    /** BatchWriteItem of 25 prebuilt items, back to back, on {@code threads} threads; items per second. */
    static double bareLoop(DynamoDbClient dynamo, String table, List<Trade> trades, int threads) {
        List<List<WriteRequest>> chunks = new ArrayList<>();
        long now = System.currentTimeMillis();
        for (int from = 0; from < trades.size(); from += 25) {
            Map<String, WriteRequest> chunk = new LinkedHashMap<>();
            for (Trade t : trades.subList(from, Math.min(trades.size(), from + 25))) {
                chunk.put(
                        t.id().toString(),
                        WriteRequest.builder()
                                .putRequest(PutRequest.builder()
                                        .item(TradeItems.item(t, now, 0))
                                        .build())
                                .build());
            }
            chunks.add(new ArrayList<>(chunk.values()));
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            long start = System.nanoTime();
            List<Future<?>> parts = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int offset = t;
                parts.add(pool.submit(() -> {
                    for (int i = offset; i < chunks.size(); i += threads) {
                        List<WriteRequest> requests = chunks.get(i);
                        while (!requests.isEmpty()) {
                            List<WriteRequest> sent = requests;
                            BatchWriteItemResponse r = dynamo.batchWriteItem(b -> b.requestItems(Map.of(table, sent)));
                            requests = r.hasUnprocessedItems()
                                    ? r.unprocessedItems().getOrDefault(table, List.of())
                                    : List.of();
                        }
                    }
                }));
            }
            for (Future<?> part : parts) {
                part.get();
            }
            return trades.size() / ((System.nanoTime() - start) / 1e9);
        } catch (Exception e) {
            throw new IllegalStateException("bare loop failed", e);
        } finally {
            pool.shutdown();
        }
    }

    /** The handler, invoked with every batch in turn; trades per second. */
    static double handler(DynamoDbClient dynamo, String table, List<Trade> trades, Options options) {
        List<KinesisEvent> events = KinesisBatches.events(trades, options.tradesPerRecord(), options.recordsPerBatch());
        StorageCounters counters = new StorageCounters();
        try (TradeStorageHandler handler = new TradeStorageHandler(
                dynamo,
                WriteSettings.defaults(table).withConcurrency(options.writeConcurrency()),
                letter -> {
                    throw new DeadLetterSink.DeadLetterException("benchmark data is valid", null);
                },
                Clock.systemUTC(),
                Sleeper.REAL,
                counters)) {
            long start = System.nanoTime();
            for (KinesisEvent event : events) {
                StreamsEventResponse response = handler.handleRequest(event, null);
                if (!response.getBatchItemFailures().isEmpty()) {
                    throw new IllegalStateException("the handler reported failures: " + response);
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            if (counters.totals().tradesWritten() != trades.size()) {
                throw new IllegalStateException("wrote " + counters.totals().tradesWritten() + " of " + trades.size());
            }
            return trades.size() / seconds;
        }
    }

    /** Starts {@link ColdStartProbe} in a fresh JVM with the function's environment and reads its report. */
    static ColdStart coldStart(URI endpoint, String table, Options options) {
        Path deadLetters;
        Path report;
        Path output;
        try {
            deadLetters = Files.createTempFile("bench-dead-letters", ".jsonl");
            report = Files.createTempFile("bench-cold-start", ".properties");
            output = Files.createTempFile("bench-cold-start", ".log");
            Files.delete(report);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int trades = options.tradesPerRecord();
        ProcessBuilder builder = new ProcessBuilder(
                        javaExecutable(),
                        "-cp",
                        coldStartClasspath(options),
                        ColdStartProbe.class.getName(),
                        report.toString(),
                        Integer.toString(trades))
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        Map<String, String> env = builder.environment();
        env.put(LambdaEnv.TRADES_TABLE, table);
        env.put(LambdaEnv.DEAD_LETTER_FILE, deadLetters.toString());
        env.put(LambdaEnv.DYNAMODB_ENDPOINT, endpoint.toString());
        env.put("AWS_REGION", "us-east-1");
        env.put("AWS_ACCESS_KEY_ID", "local");
        env.put("AWS_SECRET_ACCESS_KEY", "local");
        env.remove("AWS_SESSION_TOKEN");
        env.remove("JAVA_TOOL_OPTIONS");
        long startMs = System.currentTimeMillis();
        try {
            Process process = builder.start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            Map<String, Long> values = ProbeReport.read(report, output.toString());
            if (values.get("failures") != 0) {
                throw new IllegalStateException("the cold-start invocation reported failures: " + values);
            }
            return new ColdStart(
                    values.get(ProbeReport.REPORTED_AT_MS) - startMs,
                    values.get("jvm_to_main_ms"),
                    values.get("construct_ms"),
                    values.get("first_batch_ms"),
                    trades);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the cold-start JVM", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            try {
                Files.deleteIfExists(deadLetters);
                Files.deleteIfExists(report);
                Files.deleteIfExists(output);
            } catch (IOException e) {
                // temporary files
            }
        }
    }

    /** The median as every figure reports one ({@link Percentiles}): a value that was measured. */
    private static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        return Percentiles.nearestRank(sorted, 50);
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The deployable jar when it is built (what Lambda loads), else this JVM's own classpath. */
    private static String coldStartClasspath(Options options) {
        if (options.coldStartClasspath() != null) {
            return options.coldStartClasspath();
        }
        String home = System.getProperty("tradelake.home");
        if (home != null) {
            Path jar = Path.of(home).resolve(Artifacts.deployableJar("lambda-consumer"));
            if (Files.isRegularFile(jar)) {
                // The probe and its synthetic trades are not in the deployable jar: they come beside it.
                return String.join(
                        java.io.File.pathSeparator,
                        jar.toString(),
                        codeOf(ColdStartProbe.class),
                        codeOf(KinesisBatches.class),
                        codeOf(PackedRecords.class),
                        codeOf(SyntheticMarket.class));
            }
        }
        return System.getProperty("java.class.path");
    }

    /** The directory or jar a class was loaded from. */
    private static String codeOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain()
                            .getCodeSource()
                            .getLocation()
                            .toURI())
                    .toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String freshTable(Consumer<String> createTradesTable, String prefix) {
        String name = prefix + "-" + ProcessHandle.current().pid() + "-" + System.nanoTime() % 1_000_000;
        createTradesTable.accept(name);
        return name;
    }
}
