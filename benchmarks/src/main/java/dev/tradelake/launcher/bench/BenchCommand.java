package dev.tradelake.launcher.bench;

import dev.tradelake.launcher.Datalake;
import dev.tradelake.launcher.LocalRunState;
import dev.tradelake.local.aws.ProjectHome;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ./datalake bench}: every stage's throughput next to its ceiling, measured in the same run. */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Measures every stage next to its ceiling or baseline, both in the same run;",
            "prints one table and writes every figure, ceiling and ratio, and the",
            "machine, to a JSON file. About 6.5 minutes on 2 cores; stages, in run order:",
            "  flink    the bars job on a MiniCluster next to a plain loop",
            "  ingest   local feed -> ingest -> Kinesis emulator, next to bare PutRecords",
            "  lambda   handler -> DynamoDB emulator, next to bare BatchWriteItem; cold start",
            "  memory   peak RSS of the ingest and Lambda JVMs",
            "  e2e      ./datalake local --speed max --until-drained (child JVM)",
            "  latency  ./datalake local at a paced 1,000 trades/s (child JVM)",
            "  jmh      JMH micro-benchmarks of the codec and the bar fold",
            "  query    a month of bars: 1h and 1d as stored by default, 1h from 1m alone",
            "  dashboard  /api/bars: a day of 1m, a month of 1h, 1d; SSE forming candle",
            ""
        })
final class BenchCommand implements Callable<Integer> {

    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    /** A recording's stand-in on a fresh clone: as many synthetic trades as the recorded day, about. */
    private static final int SYNTHETIC_TRADES = 400_000;

    private static final int QUICK_SYNTHETIC_TRADES = 150_000;

    @Option(
            names = "--only",
            split = ",",
            paramLabel = "STAGE",
            description = "Run only these stages (comma-separated): flink,ingest,lambda,memory,e2e,latency,jmh,query,"
                    + "dashboard; soak (30 minutes, or 3 with --quick) runs only when named.")
    List<String> only = new ArrayList<>();

    @Option(names = "--quick", description = "Smaller inputs and fewer rounds: about 3 minutes.")
    boolean quick;

    @Option(
            names = "--jmh-long",
            description = "JMH with longer settings (2 forks, 5 + 10 iterations of 2 s): adds about 8 minutes.")
    boolean jmhLong;

    @Option(
            names = "--replay",
            paramLabel = "FILE",
            description = "Recording of Finnhub frames to send (default: " + BenchData.RECORDING
                    + " when present, else the synthetic market).")
    Path replay;

    @Option(
            names = "--out",
            paramLabel = "FILE",
            description = "The JSON file to write (default: bench-results/bench-<UTC timestamp>.json).")
    Path out;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        quietLibraries();
        List<Stage> stages;
        BenchData data;
        try {
            stages = Stage.parse(only);
            data = BenchData.locate(replay, quick ? QUICK_SYNTHETIC_TRADES : SYNTHETIC_TRADES);
        } catch (IllegalArgumentException e) {
            throw new Datalake.UserError(e.getMessage());
        }
        PrintWriter terminal = spec.commandLine().getOut();
        Instant started = Instant.now();
        Path results = ProjectHome.get().resolve("bench-results");
        String stamp = STAMP.format(started);
        Path json = out != null ? out.toAbsolutePath() : results.resolve("bench-" + stamp + ".json");
        Path logs = results.resolve("bench-" + stamp + "-logs");
        Files.createDirectories(logs);

        MachineInfo machine = MachineInfo.capture();
        terminal.println("datalake bench: " + machine.describe());
        terminal.println("datalake bench: stages "
                + String.join(",", stages.stream().map(Stage::label).toList()) + (quick ? " (quick)" : "") + "; input "
                + data.describe() + "; logs in " + logs);
        terminal.flush();
        BenchReport report = new BenchReport(
                machine,
                started,
                spec.commandLine().getParseResult().originalArgs().stream()
                        .skip(1)
                        .toList(),
                stages.stream().map(Stage::label).toList());
        report.input("data", data.describe());
        report.input("quick", quick);

        try (BenchContext ctx = new BenchContext(quick, jmhLong, data, logs, terminal, new LocalRunLookup())) {
            for (Stage stage : stages) {
                ctx.say("%s: %s", stage.label(), stage.description());
                long t0 = System.nanoTime();
                try {
                    report.addAll(run(stage, ctx));
                } catch (Exception e) {
                    String message = e.getMessage() == null ? e.toString() : e.getMessage();
                    report.failed(stage.label(), message);
                    ctx.say("%s FAILED: %s", stage.label(), message);
                }
                ctx.say("%s took %.0f s", stage.label(), (System.nanoTime() - t0) / 1e9);
            }
        }
        Instant finished = Instant.now();
        terminal.println();
        report.print(terminal);
        report.writeJson(json, finished);
        terminal.printf(
                "datalake bench: %.0f s; load average now %s; wrote %s%n",
                (finished.toEpochMilli() - started.toEpochMilli()) / 1000.0,
                String.join(
                        " ",
                        MachineInfo.loadAverageNow().stream()
                                .map(l -> String.format("%.2f", l))
                                .toList()),
                json);
        terminal.flush();
        return report.errors().isEmpty() ? 0 : 1;
    }

    /**
     * The bench prints its own lines; Flink's start-up warnings and the ingest's and feed's
     * lifecycle lines would bury them. Set before those classes create their loggers.
     */
    private static void quietLibraries() {
        for (String logger : List.of("org.apache.flink", "dev.tradelake.ingest", "dev.tradelake.local")) {
            String key = "org.slf4j.simpleLogger.log." + logger;
            if (System.getProperty(key) == null) {
                System.setProperty(key, logger.startsWith("org.") ? "error" : "warn");
            }
        }
    }

    private static List<Figure> run(Stage stage, BenchContext ctx) throws Exception {
        return switch (stage) {
            case FLINK -> FlinkStage.run(ctx);
            case INGEST -> IngestStage.run(ctx);
            case LAMBDA -> LambdaStage.run(ctx);
            case MEMORY -> MemoryStage.run(ctx);
            case E2E -> EndToEndStage.run(ctx);
            case LATENCY -> LatencyStage.run(ctx);
            case JMH -> JmhStage.run(ctx);
            case QUERY -> QueryStage.run(ctx);
            case DASHBOARD -> DashboardStage.run(ctx);
            case SOAK -> SoakStage.run(ctx);
        };
    }

    /** How the bench finds the tables of a {@code ./datalake local} it started in a child JVM. */
    private static final class LocalRunLookup implements BenchContext.LocalRuns {
        @Override
        public Optional<URI> dynamoDbEndpoint(Path workDir) {
            return LocalRunState.running(workDir).map(LocalRunState::dynamoDbEndpoint);
        }

        @Override
        public String tradesTable() {
            return LocalRunState.TRADES_TABLE;
        }

        @Override
        public String barsTable() {
            return LocalRunState.BARS_TABLE;
        }
    }
}
