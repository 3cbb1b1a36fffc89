package dev.tradelake.launcher;

import dev.tradelake.local.feed.Pace;
import dev.tradelake.model.WindowSizes;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ./datalake local}: the whole pipeline on this machine. */
@Command(name = "local", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Runs the whole datalake on this machine: Kinesis and DynamoDB emulators, a Finnhub-compatible"
                + " feed, the ingest, the Lambda handler under a local event-source mapping and the Flink job on a"
                + " MiniCluster. Without --replay the feed is a synthetic market; with FINNHUB_API_KEY set, the live"
                + " Finnhub feed.")
final class LocalCommand implements Callable<Integer> {

    @Mixin
    FeedOptions feedOptions;

    @Option(names = "--symbols", split = ",", paramLabel = "SYMBOL",
            description = "Symbols to subscribe to (default: every symbol of the recording or the synthetic market).")
    List<String> symbols = new ArrayList<>();

    @Option(names = "--windows", defaultValue = "1m", description = "Bar window sizes, such as 1s,1m,5m (default: ${DEFAULT-VALUE}).")
    String windows;

    @Option(names = "--flink", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Run the Flink bars job (default: yes; --no-flink leaves it out).")
    boolean flink;

    @Option(names = "--shards", defaultValue = "1", description = "Shards of the local stream (default: ${DEFAULT-VALUE}).")
    int shards;

    @Option(names = "--close-bars-after", defaultValue = "2s", paramLabel = "DURATION",
            description = "Close open bars after the feed is quiet this long (default: ${DEFAULT-VALUE}).")
    String closeBarsAfter;

    @Option(names = "--until-drained",
            description = "With a bounded feed: wait until every trade and bar is stored, then stop and exit 0.")
    boolean untilDrained;

    @Option(names = "--timeout", defaultValue = "30m", paramLabel = "DURATION",
            description = "With --until-drained: give up after this long (default: ${DEFAULT-VALUE}).")
    String timeout;

    @Option(names = "--export", paramLabel = "DIR",
            description = "With --until-drained: write trades.csv, bars_1m.csv and summary.json to DIR.")
    Path export;

    @Option(names = "--record-frames", paramLabel = "FILE",
            description = "Also record every frame the ingest receives to FILE (gzip JSON lines, what --replay reads).")
    Path recordFrames;

    @Option(names = "--work-dir", paramLabel = "DIR",
            description = "Where emulator data, logs and dead letters go (default: .local in the repository).")
    Path workDir;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        LocalPipeline.Settings settings = settings();
        if (export != null && !untilDrained) {
            throw new Datalake.UserError("--export needs --until-drained");
        }
        PrintWriter out = spec.commandLine().getOut();
        long startedMs = System.currentTimeMillis();
        LocalPipeline pipeline = new LocalPipeline(settings);
        try {
            CountDownLatch interrupted = new CountDownLatch(1);
            Thread hook = new Thread(() -> {
                interrupted.countDown();
                pipeline.close();
            }, "datalake-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            out.println("datalake: starting (work directory " + settings.workDir() + ")");
            out.flush();
            pipeline.start();
            ProgressView view = new ProgressView(out, pipeline, settings.windows());
            if (untilDrained) {
                view.startBackground(Duration.ofSeconds(5));
                pipeline.drain(parseDuration(timeout, "--timeout"));
                view.stop();
                long wallMs = System.currentTimeMillis() - startedMs;
                RunSummary summary = RunSummary.of(pipeline, wallMs);
                if (export != null) {
                    summary.export(export, pipeline);
                    out.println("datalake: wrote " + export.resolve(Export.TRADES_FILE) + ", "
                            + Export.BARS_1M_FILE + " and " + Export.SUMMARY_FILE);
                }
                out.println(summary.describe());
            } else {
                out.println("datalake: running; Ctrl-C stops everything in order, nothing accepted is lost");
                view.runUntil(interrupted);
            }
            if (interrupted.getCount() > 0) {
                Runtime.getRuntime().removeShutdownHook(hook);
            }
        } catch (IllegalStateException e) {
            throw new Datalake.UserError(e.getMessage(), e);
        } finally {
            // Closed here and possibly first by the Ctrl-C hook; closing is idempotent.
            pipeline.close();
        }
        return 0;
    }

    private LocalPipeline.Settings settings() {
        FeedChoice feed = feedOptions.choice(System.getenv("FINNHUB_API_KEY"));
        Pace pace = feedOptions.pace();
        try {
            WindowSizes.parseList(windows);
        } catch (IllegalArgumentException e) {
            throw new Datalake.UserError("--windows: " + e.getMessage());
        }
        if (shards < 1 || shards > 16) {
            throw new Datalake.UserError("--shards must be from 1 to 16");
        }
        return new LocalPipeline.Settings(
                (workDir != null ? workDir : LocalRunState.defaultDirectory()).toAbsolutePath(),
                feed, pace, List.copyOf(symbols), windows, flink,
                parseDuration(closeBarsAfter, "--close-bars-after"), shards, recordFrames);
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
