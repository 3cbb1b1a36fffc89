package dev.tradelake.launcher.bench;

import dev.tradelake.ingest.IngestMetrics;
import dev.tradelake.ingest.MetricsFile;
import dev.tradelake.lambda.LambdaEnv;
import dev.tradelake.lambda.bench.ProbeReport;
import dev.tradelake.lambda.testing.KinesisBatches;
import dev.tradelake.launcher.Artifacts;
import dev.tradelake.local.aws.LocalAws;
import dev.tradelake.local.aws.ProjectHome;
import dev.tradelake.local.feed.LocalFinnhubFeed;
import dev.tradelake.local.feed.Pace;
import dev.tradelake.local.feed.SyntheticMarket;
import dev.tradelake.model.testing.PackedRecords;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Peak resident memory of the JVMs that run alone on AWS: the ingest (its deployable fat jar, with
 * a 128 MB heap, at full speed) and the Lambda handler (its deployable jar, a warm container's
 * life of batches). The launcher JVM's peak comes from the e2e stage.
 */
public final class MemoryStage {

    static final String STAGE = Stage.MEMORY.label();
    static final String INGEST_JAR = Artifacts.deployableJar("ingest");
    static final String LAMBDA_JAR = Artifacts.deployableJar("lambda-consumer");
    static final String INGEST_HEAP = "-Xmx128m";
    /** The function's memory: terraform/variables.tf {@code lambda_memory_mb}'s default (MemoryStageTest checks). */
    static final int LAMBDA_MEMORY_MB = 1024;
    /** A quarter of the function's memory: what the JVM takes by default as its heap in a 1,024 MB container. */
    static final String LAMBDA_HEAP = "-Xmx256m";

    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    private MemoryStage() {}

    public static List<Figure> run(BenchContext ctx) throws Exception {
        List<Figure> figures = new ArrayList<>();
        figures.add(ingestJvm(ctx));
        figures.add(lambdaJvm(ctx));
        return figures;
    }

    private static Path artifact(String relative) {
        Path jar = ProjectHome.get().resolve(relative);
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build it with mvn install -DskipTests");
        }
        return jar;
    }

    static Figure ingestJvm(BenchContext ctx) throws Exception {
        LocalAws aws = ctx.aws();
        BenchData data = ctx.quick() ? BenchData.synthetic(150_000) : ctx.data();
        String stream = LocalAws.uniqueName("bench-ingest-jvm");
        aws.createStream(stream, 1);
        ctx.say("memory: ingest fat jar in a child JVM (%s), %s at full speed", INGEST_HEAP, data.describe());
        Path metricsFile = ctx.logDir().resolve("memory-ingest-metrics.json");
        Files.deleteIfExists(metricsFile);
        try (LocalFinnhubFeed feed = LocalFinnhubFeed.builder()
                .source(data.source())
                .pace(Pace.max())
                .startWhenSubscribed(data.symbols())
                .build()
                .start()) {
            List<String> command = List.of(
                    ChildJvm.java(),
                    INGEST_HEAP,
                    "-jar",
                    artifact(INGEST_JAR).toString(),
                    "--url",
                    feed.uri().toString(),
                    "--symbols",
                    String.join(",", data.symbols()),
                    "--stream",
                    stream,
                    "--kinesis-endpoint",
                    aws.kinesisEndpoint().toString(),
                    "--region",
                    LocalAws.REGION.id(),
                    "--metrics-file",
                    metricsFile.toString());
            Process process =
                    ChildJvm.start(command, awsEnvironment(), ctx.logDir().resolve("memory-ingest.log"));
            try (PeakRss rss = PeakRss.watch(process.toHandle())) {
                long deadline = System.nanoTime() + TIMEOUT.toNanos();
                IngestStage.await(
                        "the feed's first frame",
                        deadline,
                        5,
                        () -> feed.stats().framesSent() > 0 || !process.isAlive());
                long startMs = System.currentTimeMillis();
                IngestStage.await(
                        "the feed to send everything", deadline, 20, () -> feed.isFinished() || !process.isAlive());
                long sent = feed.stats().tradesSent();
                AtomicReference<MetricsFile.Reading> done = new AtomicReference<>();
                IngestStage.await("the ingest JVM to write everything", deadline, 50, () -> {
                    readMetrics(metricsFile)
                            .filter(r -> handledAll(r.metrics(), sent))
                            .ifPresent(done::set);
                    return done.get() != null || !process.isAlive();
                });
                if (!process.isAlive()) {
                    throw new IllegalStateException("the ingest JVM exited with " + process.exitValue() + "; see "
                            + ctx.logDir().resolve("memory-ingest.log"));
                }
                double seconds = (done.get().atMs() - startMs) / 1e3;
                long peakKb = rss.rootKb();
                int exit = ChildJvm.stop(process, 60);
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("input", data.describe());
                details.put("heap", INGEST_HEAP);
                details.put("trades", sent);
                details.put("trades_per_second_approx", Math.round(sent / seconds));
                details.put("exit_code_after_sigterm", exit);
                ctx.say(
                        "memory: ingest JVM peak RSS %,d MB (%,d trades, about %,.0f trades/s), exit code %d after SIGTERM",
                        peakKb / 1024, sent, sent / seconds, exit);
                return Figure.of(
                                STAGE,
                                "ingest_jvm_peak_rss_mb",
                                "ingest JVM (fat jar, " + INGEST_HEAP + ", full speed)",
                                peakKb / 1024.0,
                                "MB")
                        .target(Figure.Target.below(256, "< 256 MB"))
                        .details(details);
            } finally {
                if (process.isAlive()) {
                    ChildJvm.stop(process, 10);
                }
            }
        } finally {
            try {
                aws.kinesis().deleteStream(b -> b.streamName(stream));
            } catch (RuntimeException e) {
                // gone with the emulator anyway
            }
        }
    }

    static Figure lambdaJvm(BenchContext ctx) throws Exception {
        LocalAws aws = ctx.aws();
        int trades = ctx.quick() ? 30_000 : 100_000;
        String table = LocalAws.uniqueName("bench-lambda-jvm");
        aws.createTradesTable(table);
        Path deadLetters = Files.createTempFile("bench-dead-letters", ".jsonl");
        ctx.say(
                "memory: Lambda handler jar in a child JVM (%s), %,d trades in invocations of 100 records x 100 trades",
                LAMBDA_HEAP, trades);
        Map<String, String> env = awsEnvironment();
        env.put(LambdaEnv.TRADES_TABLE, table);
        env.put(LambdaEnv.DEAD_LETTER_FILE, deadLetters.toString());
        env.put(LambdaEnv.DYNAMODB_ENDPOINT, aws.dynamoDbEndpoint().toString());
        // The probe and its fixtures are not in the deployable jar: they come beside it.
        String classpath = String.join(
                File.pathSeparator,
                artifact(LAMBDA_JAR).toString(),
                ChildJvm.classesOf(LambdaMemoryProbe.class).toString(),
                ChildJvm.classesOf(KinesisBatches.class).toString(),
                ChildJvm.classesOf(PackedRecords.class).toString(),
                ChildJvm.classesOf(SyntheticMarket.class).toString());
        Path report = ctx.logDir().resolve("memory-lambda-report.properties");
        Files.deleteIfExists(report);
        Path log = ctx.logDir().resolve("memory-lambda.log");
        Process process = ChildJvm.start(
                List.of(
                        ChildJvm.java(),
                        LAMBDA_HEAP,
                        "-cp",
                        classpath,
                        LambdaMemoryProbe.class.getName(),
                        report.toString(),
                        Integer.toString(trades)),
                env,
                log);
        try {
            if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                throw new IllegalStateException("the Lambda JVM did not finish in " + TIMEOUT);
            }
            Map<String, Long> values = ProbeReport.read(report, log.toString());
            if (values.get("failures") != 0) {
                throw new IllegalStateException("the handler reported failures: " + values);
            }
            long peakKb = values.get("peak_rss_kb");
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("heap", LAMBDA_HEAP);
            details.put("trades", trades);
            details.put("invocations", (trades + 9_999) / 10_000);
            details.put("ms", values.get("ms"));
            ctx.say("memory: Lambda JVM peak RSS %,d MB after %,d trades", peakKb / 1024, trades);
            return Figure.of(
                            STAGE,
                            "lambda_jvm_peak_rss_mb",
                            "Lambda JVM (handler jar, " + LAMBDA_HEAP + ")",
                            peakKb / 1024.0,
                            "MB")
                    .against(Figure.Reference.ceiling("function memory (terraform default)", LAMBDA_MEMORY_MB))
                    .details(details);
        } finally {
            if (process.isAlive()) {
                ChildJvm.stop(process, 10);
            }
            Files.deleteIfExists(deadLetters);
        }
    }

    static Map<String, String> awsEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AWS_REGION", LocalAws.REGION.id());
        env.put("AWS_ACCESS_KEY_ID", LocalAws.ACCESS_KEY);
        env.put("AWS_SECRET_ACCESS_KEY", LocalAws.SECRET_KEY);
        return env;
    }

    private static Optional<MetricsFile.Reading> readMetrics(Path file) {
        try {
            return MetricsFile.read(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every trade sent was written or rejected, and none waits in the ingest's buffer. */
    static boolean handledAll(IngestMetrics.Snapshot m, long sent) {
        return m.tradesWritten() + m.tradesRejected() >= sent && m.bufferedTrades() == 0;
    }
}
