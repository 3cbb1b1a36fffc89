package dev.tradelake.ingest;

import dev.tradelake.ingest.IngestConfig.Env;
import dev.tradelake.model.Durations;
import dev.tradelake.model.TradeRecordFormat;
import java.lang.reflect.Field;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Option;

/**
 * The ingest's flags: each one declared once here, with its environment variable and its default.
 * {@link IngestMain} mixes them into its command; {@link IngestConfig#parse} reads an argument list
 * with them, so that in-process callers (the launcher, tests) configure the ingest exactly as the
 * command line does.
 *
 * <p>A default written {@code ${env:NAME:-fallback}} takes the variable NAME from the environment
 * given to {@link #commandLine}, not necessarily the process's, and a blank variable counts as unset.
 */
final class IngestOptions {

    static final String DEFAULT_URL = "wss://ws.finnhub.io";

    @Option(
            names = "--url",
            paramLabel = "URL",
            converter = UriConverter.class,
            defaultValue = "${env:" + Env.URL + ":-" + DEFAULT_URL + "}",
            description = "Feed URL (env " + Env.URL + "). Default: " + DEFAULT_URL)
    URI url;

    @Option(
            names = "--symbols",
            split = ",",
            paramLabel = "SYMBOL",
            defaultValue = "${env:" + Env.SYMBOLS + "}",
            description = "Symbols to subscribe to, comma-separated (env " + Env.SYMBOLS + "). Required.")
    List<String> symbols;

    @Option(
            names = "--max-symbols",
            paramLabel = "N",
            defaultValue = "50",
            description =
                    "Refuse more symbols than this on one connection. Default: ${DEFAULT-VALUE} (Finnhub free plan)")
    int maxSymbols;

    @Option(
            names = "--stream",
            paramLabel = "NAME",
            defaultValue = "${env:" + Env.STREAM + "}",
            description = "Kinesis stream (env " + Env.STREAM + "). Required.")
    String stream;

    @Option(
            names = "--region",
            paramLabel = "REGION",
            defaultValue = "${env:" + Env.REGION + "}",
            description = "AWS region (env " + Env.REGION + "). Default: SDK chain")
    String region;

    @Option(
            names = "--kinesis-endpoint",
            paramLabel = "URL",
            converter = UriConverter.class,
            defaultValue = "${env:" + Env.ENDPOINT + "}",
            description = "Kinesis endpoint, e.g. a local emulator (env " + Env.ENDPOINT + ")")
    URI kinesisEndpoint;

    @Option(
            names = "--connect-timeout",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            defaultValue = "10s",
            description = "WebSocket handshake timeout. Default: ${DEFAULT-VALUE}")
    Duration connectTimeout;

    @Option(
            names = "--silence-timeout",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            defaultValue = "90s",
            description = "Reconnect when no frame, not even a ping, came for this long. Default: ${DEFAULT-VALUE}")
    Duration silenceTimeout;

    @Option(
            names = "--reconnect-min",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            defaultValue = "1s",
            description = "Reconnect backoff base. Default: ${DEFAULT-VALUE}")
    Duration reconnectMin;

    @Option(
            names = "--reconnect-max",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            defaultValue = "60s",
            description = "Reconnect backoff cap. Default: ${DEFAULT-VALUE}")
    Duration reconnectMax;

    @Option(
            names = "--max-buffered-trades",
            paramLabel = "N",
            defaultValue = "100000",
            description = "Trades in memory between the journal and Kinesis, at most; past it they wait in the journal."
                    + " Default: ${DEFAULT-VALUE}")
    int maxBufferedTrades;

    @Option(
            names = "--record-linger-ms",
            paramLabel = "MS",
            defaultValue = "100",
            description = "How long a trade may wait for its Kinesis record to fill. Default: ${DEFAULT-VALUE}")
    long recordLingerMs;

    @Option(
            names = "--max-trades-per-record",
            paramLabel = "N",
            defaultValue = "" + TradeRecordFormat.MAX_TRADES,
            description =
                    "Trades per Kinesis record, 1 to " + TradeRecordFormat.MAX_TRADES + ". Default: ${DEFAULT-VALUE}")
    int maxTradesPerRecord;

    @Option(
            names = "--put-concurrency",
            paramLabel = "N",
            defaultValue = "4",
            description = "PutRecords calls in flight. Default: ${DEFAULT-VALUE}")
    int putConcurrency;

    @Option(
            names = "--put-backoff-min",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            defaultValue = "100ms",
            description = "Backoff base for failed records. Default: ${DEFAULT-VALUE}")
    Duration putBackoffMin;

    @Option(
            names = "--put-backoff-max",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            defaultValue = "5s",
            description = "Backoff cap for failed records. Default: ${DEFAULT-VALUE}")
    Duration putBackoffMax;

    @Option(
            names = "--progress-interval",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            defaultValue = "10s",
            description = "Interval of the progress line; 0s for none. Default: ${DEFAULT-VALUE}")
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
            defaultValue = "${env:" + Env.JOURNAL_DIR + "}",
            description = "Keep every accepted trade on disk here until Kinesis acknowledges it, across restarts and"
                    + " crashes (env " + Env.JOURNAL_DIR + "). Default: a temporary directory (a crash loses what"
                    + " was not yet written)")
    Path journalDir;

    @Option(
            names = "--journal-max-bytes",
            paramLabel = "BYTES",
            defaultValue = "1073741824",
            description = "The journal's disk budget; past it new trades are dropped and counted (journal_full)."
                    + " Default: ${DEFAULT-VALUE} (1 GiB, about 6 hours of 1,000 trades/s)")
    long journalMaxBytes;

    @Option(
            names = "--journal-sync-interval",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            defaultValue = "200ms",
            description = "How often the journal is fsynced and checkpointed (a power cut loses at most this much)."
                    + " Default: ${DEFAULT-VALUE}")
    Duration journalSyncInterval;

    @Option(
            names = "--shutdown-timeout",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            defaultValue = "2m",
            description = "On SIGTERM, how long to wait for buffered trades to be written. Default: ${DEFAULT-VALUE}")
    Duration shutdownTimeout;

    @Option(
            names = "--continue-ids",
            negatable = true,
            defaultValue = "true",
            fallbackValue = "true",
            description = "After a restart, trade ids continue where the journal left off (a live feed never sends a"
                    + " trade twice). --no-continue-ids for a feed that starts over at each run, such as a replayed"
                    + " recording: the same frames get the same ids again, so a rerun overwrites instead of adding"
                    + " copies. Default: yes")
    boolean continueIds;

    /** The settings, checked; the token comes only from {@code environment}. */
    IngestConfig toConfig(Map<String, String> environment) {
        return new IngestConfig(
                url,
                nonBlank(environment.get(Env.TOKEN)),
                symbols == null ? List.of() : symbols,
                maxSymbols,
                stream,
                nonBlank(region),
                Optional.ofNullable(kinesisEndpoint),
                connectTimeout,
                silenceTimeout,
                reconnectMin,
                reconnectMax,
                maxBufferedTrades,
                Duration.ofMillis(recordLingerMs),
                maxTradesPerRecord,
                putConcurrency,
                putBackoffMin,
                putBackoffMax,
                progressInterval,
                Optional.ofNullable(recordFrames),
                Optional.ofNullable(metricsFile),
                shutdownTimeout,
                Optional.ofNullable(journalDir),
                journalMaxBytes,
                journalSyncInterval,
                continueIds);
    }

    /** A parser for {@code command} (this class or one that mixes it in) whose defaults read {@code environment}. */
    static CommandLine commandLine(Object command, Map<String, String> environment) {
        return new CommandLine(command).setDefaultValueProvider(new EnvironmentDefaults(environment));
    }

    static IngestConfig parse(Map<String, String> environment, List<String> args) {
        IngestOptions options = new IngestOptions();
        try {
            commandLine(options, environment).parseArgs(args.toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        return options.toConfig(environment);
    }

    private static Optional<String> nonBlank(String s) {
        return s == null || s.isBlank() ? Optional.empty() : Optional.of(s.trim());
    }

    /**
     * Resolves {@code ${env:NAME:-fallback}} defaults against a given environment instead of the
     * process's, so that a test or the launcher sets the environment it means; other defaults are
     * left to picocli.
     */
    static final class EnvironmentDefaults implements CommandLine.IDefaultValueProvider {
        private static final Pattern ENV = Pattern.compile("\\$\\{env:([A-Za-z0-9_]+)(?::-([^}]*))?}");

        private final Map<String, String> environment;

        EnvironmentDefaults(Map<String, String> environment) {
            this.environment = Map.copyOf(environment);
        }

        @Override
        public String defaultValue(ArgSpec arg) {
            if (!(arg.userObject() instanceof Field field) || !field.isAnnotationPresent(Option.class)) {
                return null;
            }
            Matcher m = ENV.matcher(field.getAnnotation(Option.class).defaultValue());
            if (!m.matches()) {
                return null;
            }
            String value = environment.get(m.group(1));
            if (value != null && !value.isBlank()) {
                return value.trim();
            }
            return m.group(2) != null ? m.group(2) : Option.NULL_VALUE;
        }
    }

    /** Reads durations in the one grammar of every flag, {@link Durations}: 500ms, 90s, 2m, 1h. */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            try {
                return Duration.ofMillis(Durations.parseMs(value));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(
                        "'" + value + "' is not a duration (examples: 500ms, 90s, 2m)");
            }
        }
    }

    /** Parses a URL without quoting a token it may hold. */
    static final class UriConverter implements CommandLine.ITypeConverter<URI> {
        @Override
        public URI convert(String value) {
            try {
                return new URI(value.trim());
            } catch (URISyntaxException e) {
                throw new CommandLine.TypeConversionException(
                        "not a URL: " + Redaction.of(null).apply(value));
            }
        }
    }
}
