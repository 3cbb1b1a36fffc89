package dev.tradelake.ingest;

import dev.tradelake.model.Backoff;
import dev.tradelake.model.Rejection;
import dev.tradelake.model.TradeRecordFormat;
import dev.tradelake.model.TradeRules;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Everything the ingest needs, checked once. The flags, their environment variables and their
 * defaults are declared in {@link IngestOptions}; {@link #parse} reads them from an argument list
 * and an environment, as {@code java -jar ingest.jar} does. The constructor fails fast with an
 * {@link IllegalArgumentException} naming the flag (and environment variable) at fault.
 *
 * <p>The Finnhub token is kept apart from the URL and is never printed: {@link #toString()} and
 * {@link #url()} leave it out; only the socket gets {@link #connectUri()}.
 *
 * @param token read only from {@value Env#TOKEN} (flags show in the process list), or taken out of
 *     the URL's {@code token} parameter
 * @param symbols trimmed, blanks and repeats dropped
 * @param journalDir empty: a temporary directory, gone with the process (no crash safety)
 * @param progressInterval zero when the progress line is off
 * @param continueIds whether ids continue where the journal left off (see {@code --continue-ids})
 */
public record IngestConfig(
        URI url,
        Optional<String> token,
        List<String> symbols,
        int maxSymbols,
        String stream,
        Optional<String> region,
        Optional<URI> kinesisEndpoint,
        Duration connectTimeout,
        Duration silenceTimeout,
        Duration reconnectMin,
        Duration reconnectMax,
        int maxBufferedTrades,
        Duration recordLinger,
        int maxTradesPerRecord,
        int putConcurrency,
        Duration putBackoffMin,
        Duration putBackoffMax,
        Duration progressInterval,
        Optional<Path> recordFrames,
        Optional<Path> metricsFile,
        Duration shutdownTimeout,
        Optional<Path> journalDir,
        long journalMaxBytes,
        Duration journalSyncInterval,
        boolean continueIds) {

    /** Environment variables the ingest reads, each named once here. */
    public static final class Env {
        public static final String TOKEN = "FINNHUB_API_KEY";
        public static final String URL = "FINNHUB_URL";
        public static final String SYMBOLS = "FINNHUB_SYMBOLS";
        public static final String STREAM = "KINESIS_STREAM";
        public static final String ENDPOINT = "KINESIS_ENDPOINT";
        public static final String REGION = "AWS_REGION";
        public static final String JOURNAL_DIR = "INGEST_JOURNAL_DIR";

        private Env() {}
    }

    public IngestConfig {
        require(url != null, "--url (" + Env.URL + ") is required");
        // A token query parameter is taken out of the URL, so the URL is fit to print.
        if (token.isEmpty()) {
            token = tokenParameter(url);
        }
        url = withoutToken(url);
        symbols = distinctSymbols(symbols);
        stream = stream == null || stream.isBlank() ? null : stream.trim();
        region = region.filter(r -> !r.isBlank()).map(String::trim);

        require(
                url.getScheme() != null
                        && Set.of("ws", "wss").contains(url.getScheme().toLowerCase(Locale.ROOT))
                        && url.getHost() != null,
                "--url (" + Env.URL + ") must be a ws:// or wss:// URL, got " + Redaction.url(url));
        require(url.getRawFragment() == null, "--url (" + Env.URL + ") must not have a #fragment");
        require(
                token.isPresent() || !isFinnhub(url),
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
        require(
                symbols.size() <= maxSymbols,
                "--symbols names " + symbols.size()
                        + " symbols but one connection may subscribe to at most " + maxSymbols
                        + " (--max-symbols; Finnhub's free plan allows about 50)");
        require(stream != null, "--stream (" + Env.STREAM + ") is required: the Kinesis stream to write to");
        require(
                kinesisEndpoint.isEmpty() || isHttp(kinesisEndpoint.get()),
                "--kinesis-endpoint (" + Env.ENDPOINT + ") must be an http:// or https:// URL, got "
                        + kinesisEndpoint.orElse(null));
        positive(connectTimeout, "--connect-timeout");
        positive(silenceTimeout, "--silence-timeout");
        positive(reconnectMin, "--reconnect-min");
        require(
                reconnectMax != null && reconnectMax.compareTo(reconnectMin) >= 0,
                "--reconnect-max must be at least --reconnect-min (" + reconnectMin + "), got " + reconnectMax);
        require(
                maxTradesPerRecord >= 1 && maxTradesPerRecord <= TradeRecordFormat.MAX_TRADES,
                "--max-trades-per-record must be 1 to " + TradeRecordFormat.MAX_TRADES + ", got " + maxTradesPerRecord);
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
                "--put-backoff-max must be at least --put-backoff-min (" + putBackoffMin + "), got " + putBackoffMax);
        require(
                progressInterval != null && !progressInterval.isNegative(),
                "--progress-interval must be zero (off) or positive, got " + progressInterval);
        positive(shutdownTimeout, "--shutdown-timeout");
        require(
                journalMaxBytes >= 1 << 20,
                "--journal-max-bytes must be at least 1048576 (1 MiB), got " + journalMaxBytes);
        positive(journalSyncInterval, "--journal-sync-interval");
    }

    /**
     * The settings {@code java -jar ingest.jar args} would run with in {@code environment}: every flag
     * not given takes its environment variable, then its default.
     *
     * @throws IllegalArgumentException naming the flag of the first bad value, on one line
     */
    public static IngestConfig parse(Map<String, String> environment, List<String> args) {
        return IngestOptions.parse(environment, args);
    }

    /** {@link #parse(Map, List)} */
    public static IngestConfig parse(Map<String, String> environment, String... args) {
        return parse(environment, List.of(args));
    }

    /**
     * The flags that point the ingest at a feed, the symbols to subscribe to and a stream: what every
     * in-process caller of {@link #parse} (the bench, the tests) starts from.
     */
    public static List<String> feedArgs(URI feed, List<String> symbols, String stream) {
        return List.of("--url", feed.toString(), "--symbols", String.join(",", symbols), "--stream", stream);
    }

    public boolean hasToken() {
        return token.isPresent();
    }

    /** The URL the socket connects to, with {@code ?token=}. Never print it; see {@link Redaction}. */
    URI connectUri() {
        if (token.isEmpty()) {
            return url;
        }
        String separator = url.getRawQuery() != null
                ? "&"
                : url.getRawPath() == null || url.getRawPath().isEmpty() ? "/?" : "?";
        return URI.create(url + separator + "token=" + URLEncoder.encode(token.get(), StandardCharsets.UTF_8));
    }

    /** Masks the token in any text: for log lines and exception messages. */
    Redaction redaction() {
        return Redaction.of(token.orElse(null));
    }

    public Backoff reconnectBackoff() {
        return new Backoff(reconnectMin, reconnectMax);
    }

    public Backoff putBackoff() {
        return new Backoff(putBackoffMin, putBackoffMax);
    }

    @Override
    public String toString() {
        return "IngestConfig{url=" + Redaction.url(url) + ", token=" + (token.isEmpty() ? "none" : Redaction.MASK)
                + ", symbols=" + symbols + ", stream=" + stream + ", region=" + region.orElse(null)
                + ", kinesisEndpoint=" + kinesisEndpoint.orElse(null) + ", silenceTimeout=" + silenceTimeout
                + ", reconnect=" + reconnectMin + ".." + reconnectMax + ", maxBufferedTrades=" + maxBufferedTrades
                + ", recordLinger=" + recordLinger + ", maxTradesPerRecord=" + maxTradesPerRecord
                + ", putConcurrency=" + putConcurrency + ", recordFrames=" + recordFrames.orElse(null) + '}';
    }

    private static List<String> distinctSymbols(List<String> symbols) {
        LinkedHashSet<String> distinct = new LinkedHashSet<>();
        for (String s : symbols == null ? List.<String>of() : symbols) {
            if (s != null && !s.isBlank()) {
                distinct.add(s.trim());
            }
        }
        return List.copyOf(distinct);
    }

    private static void positive(Duration d, String key) {
        require(d != null && d.toMillis() >= 1, key + " must be at least 1 ms, got " + d);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    private static boolean isHttp(URI endpoint) {
        return endpoint.getScheme() != null
                && Set.of("http", "https").contains(endpoint.getScheme().toLowerCase(Locale.ROOT))
                && endpoint.getHost() != null;
    }

    private static boolean isFinnhub(URI url) {
        String host = url.getHost() == null ? "" : url.getHost().toLowerCase(Locale.ROOT);
        return host.equals("finnhub.io") || host.endsWith(".finnhub.io");
    }

    private static Optional<String> tokenParameter(URI url) {
        if (url.getRawQuery() == null) {
            return Optional.empty();
        }
        for (String pair : url.getRawQuery().split("&")) {
            if (pair.regionMatches(true, 0, "token=", 0, 6)) {
                String token = URLDecoder.decode(pair.substring(6), StandardCharsets.UTF_8);
                return token.isBlank() ? Optional.empty() : Optional.of(token.trim());
            }
        }
        return Optional.empty();
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
}
