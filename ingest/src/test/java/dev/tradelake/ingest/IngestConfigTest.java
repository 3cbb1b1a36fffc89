package dev.tradelake.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tradelake.model.Backoff;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IngestConfigTest {

    /** A local feed, one symbol, one stream, unless {@code more} flags say otherwise. */
    private static IngestConfig minimal(String... more) {
        List<String> args = new ArrayList<>(List.of(more));
        Map<String, String> base = Map.of("--url", "ws://127.0.0.1:9000", "--symbols", "SPY", "--stream", "trades");
        base.forEach((flag, value) -> {
            if (!args.contains(flag)) {
                args.addAll(List.of(flag, value));
            }
        });
        return IngestConfig.parse(Map.of(), args);
    }

    @Test
    void defaultsAreTheDocumentedOnes() {
        IngestConfig c = IngestConfig.parse(Map.of("FINNHUB_API_KEY", "t"), "--symbols", "AAPL", "--stream", "trades");

        assertThat(c.url()).isEqualTo(URI.create("wss://ws.finnhub.io"));
        assertThat(c.maxSymbols()).isEqualTo(50);
        assertThat(c.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.silenceTimeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(c.reconnectBackoff()).isEqualTo(new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60)));
        assertThat(c.maxTradesPerRecord()).isEqualTo(500);
        assertThat(c.maxBufferedTrades()).isEqualTo(100_000);
        assertThat(c.recordLinger()).isEqualTo(Duration.ofMillis(100));
        assertThat(c.putConcurrency()).isEqualTo(4);
        assertThat(c.putBackoff()).isEqualTo(new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5)));
        assertThat(c.progressInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.shutdownTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(c.journalMaxBytes()).isEqualTo(1L << 30);
        assertThat(c.journalSyncInterval()).isEqualTo(Duration.ofMillis(200));
        assertThat(c.continueIds()).isTrue();
        assertThat(c.region()).isEmpty();
        assertThat(c.recordFrames()).isEmpty();
        assertThat(c.kinesisEndpoint()).isEmpty();
        assertThat(c.journalDir()).isEmpty();
    }

    @Test
    void theEnvironmentGivesTheDefaults() {
        Map<String, String> env = Map.of(
                "FINNHUB_URL", "ws://127.0.0.1:9000/feed",
                "FINNHUB_SYMBOLS", "AAPL, MSFT,AAPL",
                "KINESIS_STREAM", "from-env",
                "KINESIS_ENDPOINT", "http://127.0.0.1:4567",
                "AWS_REGION", "eu-west-1",
                "INGEST_JOURNAL_DIR", "/mnt/journal");

        IngestConfig c = IngestConfig.parse(env);

        assertThat(c.url()).isEqualTo(URI.create("ws://127.0.0.1:9000/feed"));
        assertThat(c.symbols()).containsExactly("AAPL", "MSFT");
        assertThat(c.stream()).isEqualTo("from-env");
        assertThat(c.kinesisEndpoint()).contains(URI.create("http://127.0.0.1:4567"));
        assertThat(c.region()).contains("eu-west-1");
        assertThat(c.journalDir()).contains(Path.of("/mnt/journal"));
        assertThat(c.hasToken()).isFalse();
    }

    @Test
    void aBlankVariableCountsAsUnset() {
        IngestConfig c = IngestConfig.parse(
                Map.of("FINNHUB_URL", " ", "AWS_REGION", "", "FINNHUB_API_KEY", " "),
                "--url",
                "ws://127.0.0.1:9000",
                "--symbols",
                "SPY",
                "--stream",
                "s");

        assertThat(c.region()).isEmpty();
        assertThat(c.hasToken()).isFalse();
        assertThatThrownBy(() -> IngestConfig.parse(Map.of("FINNHUB_URL", " "), "--symbols", "SPY", "--stream", "s"))
                .hasMessageContaining("FINNHUB_API_KEY is required to connect to ws.finnhub.io");
    }

    @Test
    void flagsOverrideTheEnvironment() {
        Map<String, String> env = Map.of(
                "FINNHUB_API_KEY", "k3y",
                "FINNHUB_SYMBOLS", "AAPL,MSFT",
                "KINESIS_STREAM", "from-env",
                "KINESIS_ENDPOINT", "http://127.0.0.1:4567",
                "AWS_REGION", "eu-west-1");

        IngestConfig c = IngestConfig.parse(
                env,
                "--stream",
                "from-flag",
                "--region",
                "us-west-2",
                "--silence-timeout",
                "2s",
                "--reconnect-min",
                "50ms",
                "--record-linger-ms",
                "20",
                "--max-trades-per-record",
                "100",
                "--record-frames",
                "out/frames.jsonl.gz",
                "--progress-interval",
                "0s",
                "--no-continue-ids");

        assertThat(c.stream()).isEqualTo("from-flag");
        assertThat(c.region()).contains("us-west-2");
        assertThat(c.symbols()).containsExactly("AAPL", "MSFT");
        assertThat(c.hasToken()).isTrue();
        assertThat(c.kinesisEndpoint()).contains(URI.create("http://127.0.0.1:4567"));
        assertThat(c.silenceTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.reconnectBackoff()).isEqualTo(new Backoff(Duration.ofMillis(50), Duration.ofSeconds(60)));
        assertThat(c.recordLinger()).isEqualTo(Duration.ofMillis(20));
        assertThat(c.maxTradesPerRecord()).isEqualTo(100);
        assertThat(c.recordFrames()).contains(Path.of("out/frames.jsonl.gz"));
        assertThat(c.progressInterval()).isZero();
        assertThat(c.continueIds()).isFalse();
    }

    @Test
    void missingKeysAreNamed() {
        assertThatThrownBy(() -> IngestConfig.parse(Map.of("FINNHUB_API_KEY", "k"), "--symbols", "AAPL"))
                .hasMessageContaining("--stream")
                .hasMessageContaining("KINESIS_STREAM");
        assertThatThrownBy(() -> IngestConfig.parse(Map.of("FINNHUB_API_KEY", "k"), "--stream", "s"))
                .hasMessageContaining("--symbols")
                .hasMessageContaining("FINNHUB_SYMBOLS");
        assertThatThrownBy(() -> IngestConfig.parse(Map.of(), "--stream", "s", "--symbols", "AAPL"))
                .hasMessageContaining("FINNHUB_API_KEY");
    }

    @Test
    void aLocalFeedNeedsNoToken() {
        assertThat(minimal().hasToken()).isFalse();
    }

    @Test
    void refusesMoreSymbolsThanOneConnectionAllowsUpFront() {
        List<String> symbols = new ArrayList<>();
        for (int i = 0; i < 51; i++) {
            symbols.add("S" + i);
        }
        String many = String.join(",", symbols);

        assertThatThrownBy(() -> minimal("--symbols", many))
                .hasMessageContaining("51 symbols")
                .hasMessageContaining("at most 50")
                .hasMessageContaining("--max-symbols");
        assertThat(minimal("--symbols", many, "--max-symbols", "60").symbols()).hasSize(51);
        assertThat(minimal("--symbols", "A, A ,,B").symbols()).containsExactly("A", "B");
    }

    @Test
    void refusesInvalidValuesOnOneLineNamingTheFlag() {
        assertThatThrownBy(() -> minimal("--max-trades-per-record", "501"))
                .hasMessageContaining("--max-trades-per-record");
        assertThatThrownBy(() -> minimal("--max-trades-per-record", "0"))
                .hasMessageContaining("--max-trades-per-record");
        assertThatThrownBy(() -> minimal("--max-buffered-trades", "10")).hasMessageContaining("--max-buffered-trades");
        assertThatThrownBy(() -> minimal("--put-concurrency", "0")).hasMessageContaining("--put-concurrency");
        assertThatThrownBy(() -> minimal("--silence-timeout", "0s")).hasMessageContaining("--silence-timeout");
        assertThatThrownBy(() -> minimal("--reconnect-min", "5s", "--reconnect-max", "1s"))
                .hasMessageContaining("--reconnect-max");
        // the shared Backoff allows a zero base (never wait); the ingest must always back off
        assertThatThrownBy(() -> minimal("--reconnect-min", "0s")).hasMessageContaining("--reconnect-min");
        assertThatThrownBy(() -> minimal("--put-backoff-min", "0ms")).hasMessageContaining("--put-backoff-min");
        assertThatThrownBy(() -> minimal("--journal-max-bytes", "1000")).hasMessageContaining("--journal-max-bytes");
        assertThatThrownBy(() -> minimal("--url", "http://example.com")).hasMessageContaining("--url");
        assertThatThrownBy(() -> minimal("--kinesis-endpoint", "ftp://x")).hasMessageContaining("--kinesis-endpoint");
        assertThatThrownBy(() -> minimal("--silence-timeout", "soon"))
                .hasMessage("Invalid value for option '--silence-timeout': 'soon' is not a duration"
                        + " (examples: 500ms, 90s, 2m)");
        assertThatThrownBy(() -> minimal("--put-concurrency", "many")).hasMessageContaining("--put-concurrency");
        assertThatThrownBy(() -> IngestConfig.parse(Map.of("KINESIS_ENDPOINT", "http://a b"), "--symbols", "SPY"))
                .hasMessageContaining("--kinesis-endpoint")
                .hasMessageNotContaining("\n");
    }

    @Test
    void durationsTakeTheOneGrammar() {
        assertThat(minimal("--silence-timeout", "500ms").silenceTimeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(minimal("--silence-timeout", "2m").silenceTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(minimal("--silence-timeout", "1h").silenceTimeout()).isEqualTo(Duration.ofHours(1));
        assertThatThrownBy(() -> minimal("--silence-timeout", "90")).hasMessageContaining("--silence-timeout");
    }

    @Test
    void aTokenInTheUrlIsTakenOutOfIt() {
        IngestConfig c = minimal("--url", "ws://127.0.0.1:9000/feed?x=1&token=abc");

        assertThat(c.url()).isEqualTo(URI.create("ws://127.0.0.1:9000/feed?x=1"));
        assertThat(c.connectUri()).isEqualTo(URI.create("ws://127.0.0.1:9000/feed?x=1&token=abc"));
    }

    @Test
    void aBadUrlIsRefusedWithoutQuotingItsToken() {
        assertThatThrownBy(() -> minimal("--url", "ws://a b/?token=s3cret"))
                .hasMessageContaining("--url")
                .hasMessageNotContaining("s3cret");
    }
}
