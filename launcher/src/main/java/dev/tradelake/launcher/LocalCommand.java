package dev.tradelake.launcher;

import dev.tradelake.flink.BarsJobOptions;
import dev.tradelake.launcher.dashboard.DashboardServer;
import dev.tradelake.launcher.dashboard.DynamoLake;
import dev.tradelake.launcher.dashboard.Lake;
import dev.tradelake.local.feed.Pace;
import dev.tradelake.model.WindowSizes;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ./datalake local}: the whole pipeline on this machine. */
@Command(
        name = "local",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Runs the whole datalake on this machine: Kinesis and DynamoDB emulators, a Finnhub-compatible"
                + " feed, the ingest, the Lambda handler under a local event-source mapping and the Flink job on a"
                + " MiniCluster. Without --replay the feed is a synthetic market; with FINNHUB_API_KEY set, the live"
                + " Finnhub feed.")
final class LocalCommand implements Callable<Integer> {

    @Mixin
    FeedOptions feedOptions;

    @Option(
            names = "--symbols",
            split = ",",
            paramLabel = "SYMBOL",
            description = "Symbols to subscribe to (default: every symbol of the recording or the synthetic market).")
    List<String> symbols = new ArrayList<>();

    @Option(
            names = "--windows",
            description = "Bar sizes, such as 1s,1m,5m; a size a smaller one divides is rolled up from it"
                    + " (default: the job's, ${DEFAULT-VALUE}).")
    String windows = BarsJobOptions.text(BarsJobOptions.BARS_WINDOWS.defaultValue());

    @Option(
            names = "--flink",
            negatable = true,
            defaultValue = "true",
            fallbackValue = "true",
            description = "Run the Flink bars job (default: yes; --no-flink leaves it out).")
    boolean flink;

    @Option(
            names = "--shards",
            defaultValue = "1",
            description = "Shards of the local stream (default: ${DEFAULT-VALUE}).")
    int shards;

    @Option(
            names = "--close-bars-after",
            defaultValue = "2s",
            paramLabel = "DURATION",
            description = "Close open bars after the feed is quiet this long (default: ${DEFAULT-VALUE}).")
    String closeBarsAfter;

    @Option(
            names = "--until-drained",
            description = "With a bounded feed: wait until every trade and bar is stored, then stop and exit 0.")
    boolean untilDrained;

    @Option(
            names = "--timeout",
            defaultValue = "30m",
            paramLabel = "DURATION",
            description = "With --until-drained: give up after this long (default: ${DEFAULT-VALUE}).")
    String timeout;

    @Option(
            names = "--export",
            paramLabel = "DIR",
            description = "With --until-drained: write trades.csv, bars_1m.csv and summary.json to DIR.")
    Path export;

    @Option(
            names = "--record-frames",
            paramLabel = "FILE",
            description = "Also record every frame the ingest receives to FILE (gzip JSON lines, what --replay reads).")
    Path recordFrames;

    @Mixin
    WorkDirOption workDir;

    @Option(
            names = "--dashboard-port",
            defaultValue = "" + DashboardServer.DEFAULT_PORT,
            paramLabel = "PORT",
            description = "Serve the dashboard on 127.0.0.1 at this port while the pipeline runs; 0 picks a free one"
                    + " (default: ${DEFAULT-VALUE}).")
    int dashboardPort;

    @Option(
            names = "--dashboard",
            negatable = true,
            defaultValue = "true",
            fallbackValue = "true",
            description = "Serve the dashboard (default: yes; --no-dashboard leaves it out).")
    boolean dashboard;

    @Option(
            names = "--fresh",
            description =
                    "Start over: delete what earlier runs left in the work directory (only what the project made).")
    boolean fresh;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        LocalPipeline.Settings settings = settings();
        if (export != null && !untilDrained) {
            throw new Datalake.UserError("--export needs --until-drained");
        }
        PrintWriter out = spec.commandLine().getOut();
        try (LocalWorkDir work = LocalWorkDir.open(settings.workDir(), fresh, out)) {
            return run(settings, out);
        }
    }

    private int run(LocalPipeline.Settings settings, PrintWriter out) throws Exception {
        long startedMs = System.currentTimeMillis();
        LocalPipeline pipeline = new LocalPipeline(settings);
        AtomicReference<DashboardServer> page = new AtomicReference<>();
        AtomicReference<String> emulatorExit = new AtomicReference<>();
        try {
            CountDownLatch interrupted = new CountDownLatch(1);
            Thread hook = new Thread(
                    () -> {
                        interrupted.countDown();
                        exitHardIfStuck(out);
                        closeDashboard(page);
                        pipeline.close();
                    },
                    "datalake-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            out.println("datalake: starting (work directory " + settings.workDir() + ")");
            out.flush();
            pipeline.start();
            if (dashboard) {
                page.set(startDashboard(pipeline, out));
            }
            ProgressView view = new ProgressView(out, pipeline, settings.windows());
            if (untilDrained) {
                view.startBackground(Duration.ofSeconds(5));
                pipeline.drain(parseDuration(timeout, "--timeout"));
                view.stop();
                long wallMs = System.currentTimeMillis() - startedMs;
                RunSummary summary = RunSummary.of(pipeline, wallMs);
                if (export != null) {
                    summary.export(export, pipeline);
                    out.println("datalake: wrote " + export.resolve(Export.TRADES_FILE) + ", " + Export.BARS_1M_FILE
                            + " and " + Export.SUMMARY_FILE);
                }
                out.println(summary.describe());
            } else {
                out.println("datalake: running; Ctrl-C stops everything in order, nothing accepted is lost");
                watchEmulators(pipeline, emulatorExit, interrupted);
                view.runUntil(interrupted);
            }
            if (interrupted.getCount() > 0) {
                Runtime.getRuntime().removeShutdownHook(hook);
            }
        } catch (IllegalStateException e) {
            throw new Datalake.UserError(e.getMessage(), e);
        } finally {
            // Closed here and possibly first by the Ctrl-C hook; closing is idempotent.
            closeDashboard(page);
            pipeline.close();
        }
        if (emulatorExit.get() != null) {
            out.println("datalake: stopped because " + emulatorExit.get());
            return 1;
        }
        return 0;
    }

    /** The dashboard over the running pipeline; a port that is taken costs the dashboard, never the run. */
    private DashboardServer startDashboard(LocalPipeline pipeline, PrintWriter out) {
        Lake lake = new DynamoLake(
                pipeline.aws().dynamoDb(), LocalRunState.TRADES_TABLE, LocalRunState.BARS_TABLE, pipeline::symbols);
        try {
            DashboardServer server = DashboardServer.start(
                    new InetSocketAddress(DashboardServer.DEFAULT_BIND, dashboardPort),
                    lake,
                    new LocalHealth(pipeline, lake));
            out.println("datalake: dashboard at " + server.uri());
            out.flush();
            return server;
        } catch (UncheckedIOException e) {
            out.println("datalake: no dashboard: " + e.getMessage() + " (choose another with --dashboard-port)");
            out.flush();
            return null;
        }
    }

    private static void closeDashboard(AtomicReference<DashboardServer> page) {
        DashboardServer server = page.getAndSet(null);
        if (server != null) {
            server.close();
        }
    }

    /** Stops the run when an emulator dies under it, rather than waiting on it forever. */
    private static void watchEmulators(LocalPipeline pipeline, AtomicReference<String> exit, CountDownLatch stop) {
        Thread watch = new Thread(
                () -> {
                    try {
                        while (!stop.await(1, TimeUnit.SECONDS)) {
                            var exited = pipeline.aws().exitedEmulator();
                            if (exited.isPresent()) {
                                exit.set(exited.get());
                                stop.countDown();
                            }
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "datalake-emulator-watch");
        watch.setDaemon(true);
        watch.start();
    }

    /**
     * The last resort of a stop: the pipeline's close is bounded by {@link LocalPipeline#STOP_BUDGET},
     * but should anything still hang, the process exits anyway, saying so.
     */
    private static void exitHardIfStuck(PrintWriter out) {
        Thread guard = new Thread(
                () -> {
                    try {
                        Thread.sleep(LocalPipeline.STOP_BUDGET.plusSeconds(6).toMillis());
                    } catch (InterruptedException e) {
                        return;
                    }
                    out.println("datalake: stopping took longer than "
                            + LocalPipeline.STOP_BUDGET.plusSeconds(6).toSeconds()
                            + " s; exiting now (see the logs in the work directory for what was not written)");
                    out.flush();
                    Runtime.getRuntime().halt(1);
                },
                "datalake-stop-guard");
        guard.setDaemon(true);
        guard.start();
    }

    private LocalPipeline.Settings settings() {
        FeedChoice feed = feedOptions.choice(System.getenv("FINNHUB_API_KEY"));
        Pace pace = feedOptions.pace();
        try {
            WindowSizes.parseList(windows);
        } catch (IllegalArgumentException e) {
            throw new Datalake.UserError("--windows: " + e.getMessage());
        }
        if (dashboardPort < 0 || dashboardPort > 65_535) {
            throw new Datalake.UserError("--dashboard-port must be from 0 to 65535");
        }
        if (shards < 1 || shards > 16) {
            throw new Datalake.UserError("--shards must be from 1 to 16");
        }
        return new LocalPipeline.Settings(
                workDir.directory().toAbsolutePath(),
                feed,
                pace,
                List.copyOf(symbols),
                windows,
                flink,
                parseDuration(closeBarsAfter, "--close-bars-after"),
                shards,
                recordFrames);
    }

    /** 500ms, 2s, 5m, 1h: the same units as window sizes. */
    static Duration parseDuration(String text, String flag) {
        try {
            return Duration.ofMillis(WindowSizes.parseMs(text));
        } catch (IllegalArgumentException e) {
            throw new Datalake.UserError(flag + ": '" + text + "' is not a duration such as 500ms, 2s, 5m or 1h");
        }
    }
}
