package dev.tradelake.ingest;

import dev.tradelake.model.Backoff;
import dev.tradelake.model.Durations;
import dev.tradelake.model.Rejection;
import dev.tradelake.model.TradeRecordFormat;
import dev.tradelake.model.TradeRules;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Everything the ingest needs, checked once. Built by {@link IngestMain} from flags and
 * environment variables, or by the launcher directly through {@link #builder()}. Every default is
 * stated on the builder method that overrides it. {@link Builder#build()} fails fast with an
 * {@link IllegalArgumentException} that names the flag (and environment variable) at fault.
 *
 * <p>The Finnhub token is kept apart from the URL and is never printed: {@link #toString()} and
 * {@link #url()} leave it out; only the socket gets {@link #connectUri()}.
 */
public final class IngestConfig {

    /** Environment variables read by {@link Builder#environment(Map)}. */
    public static final class Env {
        public static final String TOKEN = "FINNHUB_API_KEY";
        public static final String URL = "FINNHUB_URL";
        public static final String SYMBOLS = "FINNHUB_SYMBOLS";
        public static final String STREAM = "KINESIS_STREAM";
        public static final String ENDPOINT = "KINESIS_ENDPOINT";
        public static final String REGION = "AWS_REGION";

        private Env() {}
    }

    public static final URI DEFAULT_URL = URI.create("wss://ws.finnhub.io");
    public static final int DEFAULT_MAX_SYMBOLS = 50;

    private final URI url;
    private final String token;
    private final List<String> symbols;
    private final int maxSymbols;
    private final String stream;
    private final String region;
    private final URI kinesisEndpoint;
    private final Duration connectTimeout;
    private final Duration silenceTimeout;
    private final Duration reconnectMin;
    private final Duration reconnectMax;
    private final int maxBufferedTrades;
    private final Duration recordLinger;
    private final int maxTradesPerRecord;
    private final int putConcurrency;
    private final Duration putBackoffMin;
    private final Duration putBackoffMax;
    private final Duration progressInterval;
    private final Path recordFrames;
    private final Path metricsFile;
    private final Duration shutdownTimeout;
    private final Path journalDir;
    private final long journalMaxBytes;
    private final Duration journalSyncInterval;
    private final boolean continueIds;

    /** The journal's default disk budget: at ~50 bytes a trade, about 6 hours of 1,000 trades/s. */
    public static final long DEFAULT_JOURNAL_MAX_BYTES = 1L << 30;

    private IngestConfig(Builder b) {
        url = b.url;
        token = b.token;
        symbols = List.copyOf(b.symbols);
        maxSymbols = b.maxSymbols;
        stream = b.stream;
        region = b.region;
        kinesisEndpoint = b.kinesisEndpoint;
        connectTimeout = b.connectTimeout;
        silenceTimeout = b.silenceTimeout;
        reconnectMin = b.reconnectMin;
        reconnectMax = b.reconnectMax;
        maxBufferedTrades = b.maxBufferedTrades;
        recordLinger = b.recordLinger;
        maxTradesPerRecord = b.maxTradesPerRecord;
        putConcurrency = b.putConcurrency;
        putBackoffMin = b.putBackoffMin;
        putBackoffMax = b.putBackoffMax;
        progressInterval = b.progressInterval;
        recordFrames = b.recordFrames;
        metricsFile = b.metricsFile;
        shutdownTimeout = b.shutdownTimeout;
        journalDir = b.journalDir;
        journalMaxBytes = b.journalMaxBytes;
        journalSyncInterval = b.journalSyncInterval;
        continueIds = b.continueIds;
    }

    /** The journal's directory; empty: a temporary one, gone with the process (no crash safety). */
    public Optional<Path> journalDir() {
        return Optional.ofNullable(journalDir);
    }

    public long journalMaxBytes() {
        return journalMaxBytes;
    }

    public Duration journalSyncInterval() {
        return journalSyncInterval;
    }

    /** Whether ids continue where the journal left off (see {@link Builder#continueIds}). */
    public boolean continueIds() {
        return continueIds;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The feed URL without the token: fit to print. */
    public URI url() {
        return url;
    }

    public boolean hasToken() {
        return token != null;
    }

    /** The URL the socket connects to, with {@code ?token=}. Never print it; see {@link Redaction}. */
    URI connectUri() {
        if (token == null) {
            return url;
        }
        String separator = url.getRawQuery() != null
                ? "&"
                : url.getRawPath() == null || url.getRawPath().isEmpty() ? "/?" : "?";
        return URI.create(url + separator + "token=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
    }

    /** Masks the token in any text: for log lines and exception messages. */
    Redaction redaction() {
        return Redaction.of(token);
    }

    public List<String> symbols() {
        return symbols;
    }

    public int maxSymbols() {
        return maxSymbols;
    }

    public String stream() {
        return stream;
    }

    public Optional<String> region() {
        return Optional.ofNullable(region);
    }

    public Optional<URI> kinesisEndpoint() {
        return Optional.ofNullable(kinesisEndpoint);
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    public Duration silenceTimeout() {
        return silenceTimeout;
    }

    public Backoff reconnectBackoff() {
        return new Backoff(reconnectMin, reconnectMax);
    }

    public int maxBufferedTrades() {
        return maxBufferedTrades;
    }

    public Duration recordLinger() {
        return recordLinger;
    }

    public int maxTradesPerRecord() {
        return maxTradesPerRecord;
    }

    public int putConcurrency() {
        return putConcurrency;
    }

    public Backoff putBackoff() {
        return new Backoff(putBackoffMin, putBackoffMax);
    }

    /** Zero when the progress line is off. */
    public Duration progressInterval() {
        return progressInterval;
    }

    public Optional<Path> recordFrames() {
        return Optional.ofNullable(recordFrames);
    }

    public Optional<Path> metricsFile() {
        return Optional.ofNullable(metricsFile);
    }

    public Duration shutdownTimeout() {
        return shutdownTimeout;
    }

    @Override
    public String toString() {
        return "IngestConfig{url=" + Redaction.url(url) + ", token=" + (token == null ? "none" : Redaction.MASK)
                + ", symbols=" + symbols + ", stream=" + stream + ", region=" + region
                + ", kinesisEndpoint=" + kinesisEndpoint + ", silenceTimeout=" + silenceTimeout
                + ", reconnect=" + reconnectMin + ".." + reconnectMax + ", maxBufferedTrades=" + maxBufferedTrades
                + ", recordLinger=" + recordLinger + ", maxTradesPerRecord=" + maxTradesPerRecord
                + ", putConcurrency=" + putConcurrency + ", recordFrames=" + recordFrames + '}';
    }

    /**
     * Reads durations as every flag does ({@link Durations}: {@code 500ms}, {@code 90s}, {@code 2m}, {@code 1h}),
     * or ISO-8601 such as {@code PT90S}.
     *
     * @param key the flag, for the error message
     */
    public static Duration parseDuration(String text, String key) {
        if (text == null) {
            throw new IllegalArgumentException(key + ": a duration is needed (examples: 500ms, 90s, 2m)");
        }
        try {
            return Duration.ofMillis(Durations.parseMs(text));
        } catch (IllegalArgumentException notShort) {
            try {
                return Duration.parse(text.trim());
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(
                        key + ": '" + text + "' is not a duration (examples: 500ms, 90s, 2m)");
            }
        }
    }

    /** Collects settings; {@link #build()} checks them all. Every default is the documented one. */
    public static final class Builder {
        private URI url = DEFAULT_URL;
        private String token;
        private final List<String> symbols = new ArrayList<>();
        private int maxSymbols = DEFAULT_MAX_SYMBOLS;
        private String stream;
        private String region;
        private URI kinesisEndpoint;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration silenceTimeout = Duration.ofSeconds(90);
        private Duration reconnectMin = Duration.ofSeconds(1);
        private Duration reconnectMax = Duration.ofSeconds(60);
        private int maxBufferedTrades = 100_000;
        private Duration recordLinger = Duration.ofMillis(100);
        private int maxTradesPerRecord = TradeRecordFormat.MAX_TRADES;
        private int putConcurrency = 4;
        private Duration putBackoffMin = Duration.ofMillis(100);
        private Duration putBackoffMax = Duration.ofSeconds(5);
        private Duration progressInterval = Duration.ofSeconds(10);
        private Path recordFrames;
        private Path metricsFile;
        private Duration shutdownTimeout = Duration.ofMinutes(2);
        private Path journalDir;
        private long journalMaxBytes = DEFAULT_JOURNAL_MAX_BYTES;
        private Duration journalSyncInterval = Duration.ofMillis(200);
        private boolean continueIds = true;

        private Builder() {}

        /**
         * Takes the settings that have an environment variable ({@link Env}) from {@code env};
         * call it first, so that explicit settings override it.
         */
        public Builder environment(Map<String, String> env) {
            String v;
            if ((v = nonBlank(env.get(Env.URL))) != null) {
                url(parseUri(v, "--url (" + Env.URL + ")"));
            }
            if ((v = nonBlank(env.get(Env.TOKEN))) != null) {
                token(v);
            }
            if ((v = nonBlank(env.get(Env.SYMBOLS))) != null) {
                symbols(List.of(v.split(",")));
            }
            if ((v = nonBlank(env.get(Env.STREAM))) != null) {
                stream(v);
            }
            if ((v = nonBlank(env.get(Env.REGION))) != null) {
                region(v);
            }
            if ((v = nonBlank(env.get(Env.ENDPOINT))) != null) {
                kinesisEndpoint(parseUri(v, "--kinesis-endpoint (" + Env.ENDPOINT + ")"));
            }
            return this;
        }

        /**
         * The feed, default {@code wss://ws.finnhub.io}. A {@code token} query parameter in it is
         * taken out and used as the token (unless one was set).
         */
        public Builder url(URI url) {
            String inUrl = tokenParameter(url);
            if (inUrl != null && token == null) {
                token = inUrl;
            }
            this.url = withoutToken(url);
            return this;
        }

        /** The Finnhub API key; required for Finnhub itself, optional for a local feed. */
        public Builder token(String token) {
            this.token = nonBlank(token);
            return this;
        }

        /** Replaces the symbols to subscribe to (required); blanks and repeats are dropped. */
        public Builder symbols(List<String> symbols) {
            this.symbols.clear();
            for (String s : symbols) {
                if (nonBlank(s) != null) {
                    this.symbols.add(s.trim());
                }
            }
            return this;
        }

        /** Symbols allowed on one connection, default 50 (Finnhub's free plan). */
        public Builder maxSymbols(int maxSymbols) {
            this.maxSymbols = maxSymbols;
            return this;
        }

        /** The Kinesis stream (required). */
        public Builder stream(String stream) {
            this.stream = nonBlank(stream);
            return this;
        }

        /** Default: the SDK's region chain, or us-east-1 with an endpoint override. */
        public Builder region(String region) {
            this.region = nonBlank(region);
            return this;
        }

        /** A Kinesis endpoint such as a local emulator; default the region's AWS endpoint. */
        public Builder kinesisEndpoint(URI endpoint) {
            this.kinesisEndpoint = endpoint;
            return this;
        }

        /** Time for the WebSocket handshake, default 10 s. */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = timeout;
            return this;
        }

        /** No frame at all (not even a ping) for this long means a dead socket, default 90 s. */
        public Builder silenceTimeout(Duration timeout) {
            this.silenceTimeout = timeout;
            return this;
        }

        /** Reconnect backoff base, default 1 s: the first reconnect waits up to this long. */
        public Builder reconnectMin(Duration min) {
            this.reconnectMin = min;
            return this;
        }

        /** Reconnect backoff cap, default 60 s. */
        public Builder reconnectMax(Duration max) {
            this.reconnectMax = max;
            return this;
        }

        /** Trades accepted but not yet written, at most; default 100,000. Past it the feed waits. */
        public Builder maxBufferedTrades(int trades) {
            this.maxBufferedTrades = trades;
            return this;
        }

        /** How long a trade may wait for its record to fill, default 100 ms. */
        public Builder recordLinger(Duration linger) {
            this.recordLinger = linger;
            return this;
        }

        /** Trades per Kinesis record, default and at most {@value TradeRecordFormat#MAX_TRADES}. */
        public Builder maxTradesPerRecord(int trades) {
            this.maxTradesPerRecord = trades;
            return this;
        }

        /** PutRecords calls in flight at once, default 4. */
        public Builder putConcurrency(int calls) {
            this.putConcurrency = calls;
            return this;
        }

        /** Backoff base for records whose put failed, default 100 ms. */
        public Builder putBackoffMin(Duration min) {
            this.putBackoffMin = min;
            return this;
        }

        /** Backoff cap for records whose put failed, default 5 s. */
        public Builder putBackoffMax(Duration max) {
            this.putBackoffMax = max;
            return this;
        }

        /** Interval of the progress log line, default 10 s; zero turns it off. */
        public Builder progressInterval(Duration interval) {
            this.progressInterval = interval;
            return this;
        }

        /** Records every raw frame received to this gzip JSON-lines file; default off. */
        public Builder recordFrames(Path file) {
            this.recordFrames = file;
            return this;
        }

        /** Keeps the counters in this file for programs ({@link MetricsFile}), every second and at the stop; default off. */
        public Builder metricsFile(Path file) {
            this.metricsFile = file;
            return this;
        }

        /** How long {@link IngestService#stop()} waits for buffered trades to be written, default 2 min. */
        public Builder shutdownTimeout(Duration timeout) {
            this.shutdownTimeout = timeout;
            return this;
        }

        /**
         * Where the journal keeps every accepted trade until Kinesis acknowledges it, across
         * restarts; default none: a temporary directory, deleted at the stop (a crash loses what
         * was not yet written).
         */
        public Builder journalDir(Path dir) {
            this.journalDir = dir;
            return this;
        }

        /** The journal's disk budget, default 1 GiB; past it new trades are dropped and counted. */
        public Builder journalMaxBytes(long bytes) {
            this.journalMaxBytes = bytes;
            return this;
        }

        /**
         * How often the journal is fsynced and its checkpoint written, default 200 ms: a power cut
         * loses at most this much of what was accepted (a process crash loses nothing).
         */
        public Builder journalSyncInterval(Duration interval) {
            this.journalSyncInterval = interval;
            return this;
        }

        /**
         * Default true: after a restart, trade ids continue where the journal left off (a live
         * feed never sends a trade twice). False for a feed that starts over from its beginning
         * at each run, such as a replayed recording: then the same frames get the same ids again,
         * and a rerun overwrites instead of adding copies.
         */
        public Builder continueIds(boolean continueIds) {
            this.continueIds = continueIds;
            return this;
        }

        public IngestConfig build() {
            require(
                    url.getScheme() != null
                            && Set.of("ws", "wss").contains(url.getScheme().toLowerCase(Locale.ROOT))
                            && url.getHost() != null,
                    "--url (" + Env.URL + ") must be a ws:// or wss:// URL, got " + Redaction.url(url));
            require(url.getRawFragment() == null, "--url (" + Env.URL + ") must not have a #fragment");
            require(
                    token != null || !isFinnhub(url),
                    Env.TOKEN + " is required to connect to " + url.getHost()
                            + " (a free key is at finnhub.io), or point --url at a local feed");
            require(maxSymbols >= 1, "--max-symbols must be at least 1, got " + maxSymbols);
            require(
                    !symbols.isEmpty(),
                    "--symbols (" + Env.SYMBOLS + ") is required: the symbols to subscribe to,"
                            + " comma-separated, such as AAPL,BINANCE:BTCUSDT");
            for (String symbol : symbols) {
                Rejection bad = TradeRules.checkSymbol(symbol);
                require(
                        bad == null,
                        "--symbols: '" + symbol + "' is not a valid symbol: " + (bad == null ? "" : bad.detail()));
            }
            List<String> distinct = List.copyOf(new LinkedHashSet<>(symbols));
            symbols.clear();
            symbols.addAll(distinct);
            require(
                    symbols.size() <= maxSymbols,
                    "--symbols names " + symbols.size()
                            + " symbols but one connection may subscribe to at most " + maxSymbols
                            + " (--max-symbols; Finnhub's free plan allows about 50)");
            require(stream != null, "--stream (" + Env.STREAM + ") is required: the Kinesis stream to write to");
            require(
                    kinesisEndpoint == null
                            || (kinesisEndpoint.getScheme() != null
                                    && Set.of("http", "https")
                                            .contains(
                                                    kinesisEndpoint.getScheme().toLowerCase(Locale.ROOT))
                                    && kinesisEndpoint.getHost() != null),
                    "--kinesis-endpoint (" + Env.ENDPOINT + ") must be an http:// or https:// URL, got "
                            + kinesisEndpoint);
            positive(connectTimeout, "--connect-timeout");
            positive(silenceTimeout, "--silence-timeout");
            positive(reconnectMin, "--reconnect-min");
            require(
                    reconnectMax != null && reconnectMax.compareTo(reconnectMin) >= 0,
                    "--reconnect-max must be at least --reconnect-min (" + reconnectMin + "), got " + reconnectMax);
            require(
                    maxTradesPerRecord >= 1 && maxTradesPerRecord <= TradeRecordFormat.MAX_TRADES,
                    "--max-trades-per-record must be 1 to " + TradeRecordFormat.MAX_TRADES + ", got "
                            + maxTradesPerRecord);
            require(
                    maxBufferedTrades >= maxTradesPerRecord,
                    "--max-buffered-trades must be at least --max-trades-per-record (" + maxTradesPerRecord + "), got "
                            + maxBufferedTrades);
            positive(recordLinger, "--record-linger-ms");
            require(
                    putConcurrency >= 1 && putConcurrency <= 64,
                    "--put-concurrency must be 1 to 64, got " + putConcurrency);
            positive(putBackoffMin, "--put-backoff-min");
            require(
                    putBackoffMax != null && putBackoffMax.compareTo(putBackoffMin) >= 0,
                    "--put-backoff-max must be at least --put-backoff-min (" + putBackoffMin + "), got "
                            + putBackoffMax);
            require(
                    progressInterval != null && !progressInterval.isNegative(),
                    "--progress-interval must be zero (off) or positive, got " + progressInterval);
            positive(shutdownTimeout, "--shutdown-timeout");
            require(
                    journalMaxBytes >= 1 << 20,
                    "--journal-max-bytes must be at least 1048576 (1 MiB), got " + journalMaxBytes);
            positive(journalSyncInterval, "--journal-sync-interval");
            return new IngestConfig(this);
        }

        private static void positive(Duration d, String key) {
            require(
                    d != null && !d.isNegative() && !d.isZero() && d.toMillis() >= 1,
                    key + " must be at least 1 ms, got " + d);
        }

        private static void require(boolean ok, String message) {
            if (!ok) {
                throw new IllegalArgumentException(message);
            }
        }
    }

    private static boolean isFinnhub(URI url) {
        String host = url.getHost() == null ? "" : url.getHost().toLowerCase(Locale.ROOT);
        return host.equals("finnhub.io") || host.endsWith(".finnhub.io");
    }

    static URI parseUri(String text, String key) {
        try {
            return new URI(text.trim());
        } catch (URISyntaxException e) {
            // The message quotes the input, which may hold a token.
            throw new IllegalArgumentException(
                    key + ": not a URL: " + Redaction.of(null).apply(text));
        }
    }

    private static String tokenParameter(URI url) {
        if (url.getRawQuery() == null) {
            return null;
        }
        for (String pair : url.getRawQuery().split("&")) {
            if (pair.regionMatches(true, 0, "token=", 0, 6)) {
                return nonBlank(URLDecoder.decode(pair.substring(6), StandardCharsets.UTF_8));
            }
        }
        return null;
    }

    private static URI withoutToken(URI url) {
        if (url.getRawQuery() == null) {
            return url;
        }
        List<String> kept = new ArrayList<>();
        for (String pair : url.getRawQuery().split("&")) {
            if (!pair.regionMatches(true, 0, "token=", 0, 6) && !pair.isEmpty()) {
                kept.add(pair);
            }
        }
        String s = url.toString();
        int q = s.indexOf('?');
        String fragment = url.getRawFragment() == null ? "" : "#" + url.getRawFragment();
        return URI.create(s.substring(0, q) + (kept.isEmpty() ? "" : "?" + String.join("&", kept)) + fragment);
    }

    private static String nonBlank(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
