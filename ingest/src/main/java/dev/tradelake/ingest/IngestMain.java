package dev.tradelake.ingest;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code java -jar ingest.jar --symbols AAPL,MSFT --stream trades}: runs the {@link IngestService}
 * until SIGTERM or Ctrl-C, then stops it so that nothing accepted is lost. Flags override the
 * environment variables named in {@link IngestConfig.Env}; the token is read only from
 * {@code FINNHUB_API_KEY}, never from a flag (flags show in the process list).
 *
 * <p>Exit codes: 0 stopped cleanly, 1 could not start or could not write, 2 bad configuration.
 */
@Command(
        name = "ingest",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Reads trades from the Finnhub WebSocket feed (or a compatible local feed) and writes"
                + " them to a Kinesis stream.",
        footer = {
            "",
            "Environment: FINNHUB_API_KEY (the token; required for Finnhub itself), FINNHUB_URL,"
                    + " FINNHUB_SYMBOLS, KINESIS_STREAM, KINESIS_ENDPOINT, AWS_REGION; AWS credentials from the"
                    + " SDK's default chain.",
            "Durations: 500ms, 90s, 2m, 1h."
        })
public final class IngestMain implements Callable<Integer> {

    static {
        // slf4j-simple's defaults for a service: timestamps and thread names. Set before the first
        // logger exists, and only when the user set nothing.
        defaultProperty("org.slf4j.simpleLogger.showDateTime", "true");
        defaultProperty("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSZ");
        defaultProperty("org.slf4j.simpleLogger.log.org.java_websocket", "warn");
    }

    private static final Logger LOG = LoggerFactory.getLogger(IngestMain.class);

    @Option(
            names = "--url",
            paramLabel = "URL",
            description = "Feed URL (env FINNHUB_URL). Default: wss://ws.finnhub.io")
    URI url;

    @Option(
            names = "--symbols",
            split = ",",
            paramLabel = "SYMBOL",
            description = "Symbols to subscribe to, comma-separated (env FINNHUB_SYMBOLS). Required.")
    List<String> symbols;

    @Option(
            names = "--max-symbols",
            paramLabel = "N",
            description = "Refuse more symbols than this on one connection. Default: 50 (Finnhub free plan)")
    Integer maxSymbols;

    @Option(names = "--stream", paramLabel = "NAME", description = "Kinesis stream (env KINESIS_STREAM). Required.")
    String stream;

    @Option(names = "--region", paramLabel = "REGION", description = "AWS region (env AWS_REGION). Default: SDK chain")
    String region;

    @Option(
            names = "--kinesis-endpoint",
            paramLabel = "URL",
            description = "Kinesis endpoint, e.g. a local emulator (env KINESIS_ENDPOINT)")
    URI kinesisEndpoint;

    @Option(
            names = "--connect-timeout",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "WebSocket handshake timeout. Default: 10s")
    Duration connectTimeout;

    @Option(
            names = "--silence-timeout",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "Reconnect when no frame, not even a ping, came for this long. Default: 90s")
    Duration silenceTimeout;

    @Option(
            names = "--reconnect-min",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "Reconnect backoff base. Default: 1s")
    Duration reconnectMin;

    @Option(
            names = "--reconnect-max",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "Reconnect backoff cap. Default: 60s")
    Duration reconnectMax;

    @Option(
            names = "--max-buffered-trades",
            paramLabel = "N",
            description = "Trades in memory between the journal and Kinesis, at most; past it they wait in the journal."
                    + " Default: 100000")
    Integer maxBufferedTrades;

    @Option(
            names = "--record-linger-ms",
            paramLabel = "MS",
            description = "How long a trade may wait for its Kinesis record to fill. Default: 100")
    Long recordLingerMs;

    @Option(
            names = "--max-trades-per-record",
            paramLabel = "N",
            description = "Trades per Kinesis record, 1 to 500. Default: 500")
    Integer maxTradesPerRecord;

    @Option(names = "--put-concurrency", paramLabel = "N", description = "PutRecords calls in flight. Default: 4")
    Integer putConcurrency;

    @Option(
            names = "--put-backoff-min",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "Backoff base for failed records. Default: 100ms")
    Duration putBackoffMin;

    @Option(
            names = "--put-backoff-max",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "Backoff cap for failed records. Default: 5s")
    Duration putBackoffMax;

    @Option(
            names = "--progress-interval",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "Interval of the progress line; 0s for none. Default: 10s")
    Duration progressInterval;

    @Option(
            names = "--record-frames",
            paramLabel = "FILE",
            description = "Also record every raw frame received to this gzip JSON-lines file")
    Path recordFrames;

    @Option(
            names = "--metrics-file",
            paramLabel = "FILE",
            description = "Keep the counters in this file as one JSON object, rewritten every second and at the stop")
    Path metricsFile;

    @Option(
            names = "--journal-dir",
            paramLabel = "DIR",
            description = "Keep every accepted trade on disk here until Kinesis acknowledges it, across restarts and"
                    + " crashes. Default: a temporary directory (a crash loses what was not yet written)")
    Path journalDir;

    @Option(
            names = "--journal-max-bytes",
            paramLabel = "BYTES",
            description = "The journal's disk budget; past it new trades are dropped and counted (journal_full)."
                    + " Default: 1073741824 (1 GiB)")
    Long journalMaxBytes;

    @Option(
            names = "--journal-sync-interval",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "How often the journal is fsynced and checkpointed (a power cut loses at most this much)."
                    + " Default: 200ms")
    Duration journalSyncInterval;

    @Option(
            names = "--shutdown-timeout",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "On SIGTERM, how long to wait for buffered trades to be written. Default: 2m")
    Duration shutdownTimeout;

    public static void main(String[] args) {
        System.exit(new CommandLine(new IngestMain()).execute(args));
    }

    @Override
    public Integer call() throws InterruptedException {
        IngestConfig config;
        try {
            config = config(System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("ingest: " + e.getMessage());
            return 2;
        }
        if (config.journalDir().isEmpty()) {
            LOG.warn("no --journal-dir: accepted trades are journaled in a temporary directory, so a crash loses"
                    + " what Kinesis had not yet acknowledged");
        }
        IngestService service = new IngestService(config);
        try {
            service.start();
        } catch (RuntimeException e) {
            LOG.error("cannot start: {}", config.redaction().describe(e));
            service.stop();
            return 1;
        }
        Thread hook = new Thread(service::stop, "ingest-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        service.awaitStoppedOrFailed();
        if (service.failure().isPresent()) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running already and stops the service
            }
            service.stop();
            return 1;
        }
        return 0;
    }

    /** The flags over the environment. */
    IngestConfig config(Map<String, String> env) {
        IngestConfig.Builder b = IngestConfig.builder().environment(env);
        if (url != null) {
            b.url(url);
        }
        if (symbols != null) {
            b.symbols(symbols);
        }
        if (maxSymbols != null) {
            b.maxSymbols(maxSymbols);
        }
        if (stream != null) {
            b.stream(stream);
        }
        if (region != null) {
            b.region(region);
        }
        if (kinesisEndpoint != null) {
            b.kinesisEndpoint(kinesisEndpoint);
        }
        if (connectTimeout != null) {
            b.connectTimeout(connectTimeout);
        }
        if (silenceTimeout != null) {
            b.silenceTimeout(silenceTimeout);
        }
        if (reconnectMin != null) {
            b.reconnectMin(reconnectMin);
        }
        if (reconnectMax != null) {
            b.reconnectMax(reconnectMax);
        }
        if (maxBufferedTrades != null) {
            b.maxBufferedTrades(maxBufferedTrades);
        }
        if (recordLingerMs != null) {
            b.recordLinger(Duration.ofMillis(recordLingerMs));
        }
        if (maxTradesPerRecord != null) {
            b.maxTradesPerRecord(maxTradesPerRecord);
        }
        if (putConcurrency != null) {
            b.putConcurrency(putConcurrency);
        }
        if (putBackoffMin != null) {
            b.putBackoffMin(putBackoffMin);
        }
        if (putBackoffMax != null) {
            b.putBackoffMax(putBackoffMax);
        }
        if (progressInterval != null) {
            b.progressInterval(progressInterval);
        }
        if (recordFrames != null) {
            b.recordFrames(recordFrames);
        }
        if (metricsFile != null) {
            b.metricsFile(metricsFile);
        }
        if (shutdownTimeout != null) {
            b.shutdownTimeout(shutdownTimeout);
        }
        if (journalDir != null) {
            b.journalDir(journalDir);
        }
        if (journalMaxBytes != null) {
            b.journalMaxBytes(journalMaxBytes);
        }
        if (journalSyncInterval != null) {
            b.journalSyncInterval(journalSyncInterval);
        }
        return b.build();
    }

    private static void defaultProperty(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    /** Reads durations as {@link IngestConfig#parseDuration} does. */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            try {
                return IngestConfig.parseDuration(value, "duration");
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(
                        "'" + value + "' is not a duration (examples: 500ms, 90s, 2m)");
            }
        }
    }
}
