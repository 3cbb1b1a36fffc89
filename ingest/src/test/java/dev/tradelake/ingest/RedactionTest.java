package dev.tradelake.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RedactionTest {

    private static final String TOKEN = "c0ffee1234secret";

    @Test
    void masksTheTokenParameterOfAUrl() {
        assertThat(Redaction.url(URI.create("wss://ws.finnhub.io/?token=" + TOKEN)))
                .isEqualTo("wss://ws.finnhub.io/?token=***");
        assertThat(Redaction.url(URI.create("wss://ws.finnhub.io/?a=1&TOKEN=" + TOKEN + "&b=2")))
                .isEqualTo("wss://ws.finnhub.io/?a=1&TOKEN=***&b=2");
        assertThat(Redaction.url(URI.create("ws://127.0.0.1:9000"))).isEqualTo("ws://127.0.0.1:9000");
    }

    @Test
    void masksTheKnownSecretAnywhereInText() {
        Redaction redaction = Redaction.of(TOKEN);

        assertThat(redaction.apply("handshake to /?token=" + TOKEN + " failed; key " + TOKEN))
                .isEqualTo("handshake to /?token=*** failed; key ***")
                .doesNotContain(TOKEN);
    }

    @Test
    void describesAnExceptionChainWithoutTheSecret() {
        Exception error = new IllegalStateException(
                "connect to wss://ws.finnhub.io?token=" + TOKEN, new IOException("refused: " + TOKEN));

        String line = Redaction.of(TOKEN).describe(error);

        assertThat(line)
                .isEqualTo("IllegalStateException: connect to wss://ws.finnhub.io?token=***;"
                        + " caused by IOException: refused: ***");
    }

    @Test
    void withoutASecretStillMasksTokenParameters() {
        assertThat(Redaction.of(null).apply("GET /?token=abc HTTP/1.1")).isEqualTo("GET /?token=*** HTTP/1.1");
        assertThat(Redaction.of("").apply("nothing secret")).isEqualTo("nothing secret");
    }

    @Test
    void configNeverShowsTheToken() {
        IngestConfig config = IngestConfig.parse(
                Map.of(), "--url", "wss://ws.finnhub.io?token=" + TOKEN, "--symbols", "AAPL", "--stream", "trades");

        assertThat(config.hasToken()).isTrue();
        assertThat(config.toString()).doesNotContain(TOKEN).contains("token=***");
        assertThat(config.url().toString()).isEqualTo("wss://ws.finnhub.io").doesNotContain(TOKEN);
        assertThat(Redaction.url(config.connectUri())).doesNotContain(TOKEN);
        assertThat(config.connectUri().toString()).isEqualTo("wss://ws.finnhub.io/?token=" + TOKEN);
    }
}
