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
import picocli.CommandLine;

class IngestConfigTest {

    private static IngestConfig.Builder minimal() {
        return IngestConfig.builder().url(URI.create("ws://127.0.0.1:9000")).symbols(List.of("SPY")).stream("trades");
    }

    /** Parses flags as the command line does, over the given environment. */
    private static IngestConfig fromCommandLine(Map<String, String> env, String... args) {
        IngestMain main = new IngestMain();
        new CommandLine(main).parseArgs(args);
        return main.config(env);
    }

    @Test
    void defaultsAreTheDocumentedOnes() {
        IngestConfig c = IngestConfig.builder().token("t").symbols(List.of("AAPL")).stream("trades")
                .build();

        assertThat(c.url()).isEqualTo(URI.create("wss://ws.finnhub.io"));
        assertThat(c.maxSymbols()).isEqualTo(50);
        assertThat(c.silenceTimeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(c.reconnectBackoff()).isEqualTo(new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60)));
        assertThat(c.maxTradesPerRecord()).isEqualTo(500);
        assertThat(c.maxBufferedTrades()).isEqualTo(100_000);
        assertThat(c.recordLinger()).isEqualTo(Duration.ofMillis(100));
        assertThat(c.putConcurrency()).isEqualTo(4);
        assertThat(c.progressInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.recordFrames()).isEmpty();
        assertThat(c.kinesisEndpoint()).isEmpty();
    }

    @Test
    void flagsOverrideTheEnvironment() {
        Map<String, String> env = Map.of(
                "FINNHUB_API_KEY",
                "k3y",
                "FINNHUB_SYMBOLS",
                "AAPL,MSFT",
                "KINESIS_STREAM",
                "from-env",
                "KINESIS_ENDPOINT",
                "http://127.0.0.1:4567",
                "AWS_REGION",
                "eu-west-1");

        IngestConfig c = fromCommandLine(
                env,
                "--stream",
                "from-flag",
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
                "0s");

        assertThat(c.stream()).isEqualTo("from-flag");
        assertThat(c.symbols()).containsExactly("AAPL", "MSFT");
        assertThat(c.hasToken()).isTrue();
        assertThat(c.region()).contains("eu-west-1");
        assertThat(c.kinesisEndpoint()).contains(URI.create("http://127.0.0.1:4567"));
        assertThat(c.silenceTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.reconnectBackoff()).isEqualTo(new Backoff(Duration.ofMillis(50), Duration.ofSeconds(60)));
        assertThat(c.recordLinger()).isEqualTo(Duration.ofMillis(20));
        assertThat(c.maxTradesPerRecord()).isEqualTo(100);
        assertThat(c.recordFrames()).contains(Path.of("out/frames.jsonl.gz"));
        assertThat(c.progressInterval()).isZero();
    }

    @Test
    void missingKeysAreNamed() {
        assertThatThrownBy(() -> fromCommandLine(Map.of("FINNHUB_API_KEY", "k"), "--symbols", "AAPL"))
                .hasMessageContaining("--stream")
                .hasMessageContaining("KINESIS_STREAM");
        assertThatThrownBy(() -> fromCommandLine(Map.of("FINNHUB_API_KEY", "k"), "--stream", "s"))
                .hasMessageContaining("--symbols")
                .hasMessageContaining("FINNHUB_SYMBOLS");
        assertThatThrownBy(() -> fromCommandLine(Map.of(), "--stream", "s", "--symbols", "AAPL"))
                .hasMessageContaining("FINNHUB_API_KEY");
    }

    @Test
    void aLocalFeedNeedsNoToken() {
        assertThat(minimal().build().hasToken()).isFalse();
    }

    @Test
    void refusesMoreSymbolsThanOneConnectionAllowsUpFront() {
        List<String> symbols = new ArrayList<>();
        for (int i = 0; i < 51; i++) {
            symbols.add("S" + i);
        }

        assertThatThrownBy(() -> minimal().symbols(symbols).build())
                .hasMessageContaining("51 symbols")
                .hasMessageContaining("at most 50")
                .hasMessageContaining("--max-symbols");
        assertThat(minimal().symbols(symbols).maxSymbols(60).build().symbols()).hasSize(51);
        assertThat(minimal().symbols(List.of("A", " A ", "", "B")).build().symbols())
                .containsExactly("A", "B");
    }

    @Test
    void refusesInvalidValuesNamingTheFlag() {
        assertThatThrownBy(() -> minimal().maxTradesPerRecord(501).build())
                .hasMessageContaining("--max-trades-per-record");
        assertThatThrownBy(() -> minimal().maxTradesPerRecord(0).build())
                .hasMessageContaining("--max-trades-per-record");
        assertThatThrownBy(() -> minimal().maxBufferedTrades(10).build()).hasMessageContaining("--max-buffered-trades");
        assertThatThrownBy(() -> minimal().putConcurrency(0).build()).hasMessageContaining("--put-concurrency");
        assertThatThrownBy(() -> minimal().silenceTimeout(Duration.ZERO).build())
                .hasMessageContaining("--silence-timeout");
        assertThatThrownBy(() -> minimal()
                        .reconnectMin(Duration.ofSeconds(5))
                        .reconnectMax(Duration.ofSeconds(1))
                        .build())
                .hasMessageContaining("--reconnect-max");
        // the shared Backoff allows a zero base (never wait); the ingest must always back off
        assertThatThrownBy(() -> minimal().reconnectMin(Duration.ZERO).build()).hasMessageContaining("--reconnect-min");
        assertThatThrownBy(() -> minimal().putBackoffMin(Duration.ZERO).build())
                .hasMessageContaining("--put-backoff-min");
        assertThatThrownBy(() -> minimal().url(URI.create("http://example.com")).build())
                .hasMessageContaining("--url");
        assertThatThrownBy(
                        () -> minimal().kinesisEndpoint(URI.create("ftp://x")).build())
                .hasMessageContaining("--kinesis-endpoint");
        assertThatThrownBy(() -> fromCommandLine(Map.of(), "--silence-timeout", "soon"))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("not a duration");
    }

    @Test
    void readsDurationsWithUnitsOrIso() {
        assertThat(IngestConfig.parseDuration("500ms", "k")).isEqualTo(Duration.ofMillis(500));
        assertThat(IngestConfig.parseDuration("90s", "k")).isEqualTo(Duration.ofSeconds(90));
        assertThat(IngestConfig.parseDuration("2m", "k")).isEqualTo(Duration.ofMinutes(2));
        assertThat(IngestConfig.parseDuration("PT1H", "k")).isEqualTo(Duration.ofHours(1));
        assertThatThrownBy(() -> IngestConfig.parseDuration("90", "--silence-timeout"))
                .hasMessageContaining("--silence-timeout");
    }

    @Test
    void aTokenInTheUrlIsTakenOutOfIt() {
        IngestConfig c = minimal()
                .url(URI.create("ws://127.0.0.1:9000/feed?x=1&token=abc"))
                .build();

        assertThat(c.url()).isEqualTo(URI.create("ws://127.0.0.1:9000/feed?x=1"));
        assertThat(c.connectUri()).isEqualTo(URI.create("ws://127.0.0.1:9000/feed?x=1&token=abc"));
    }
}
