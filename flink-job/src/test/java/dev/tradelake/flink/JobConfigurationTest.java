package dev.tradelake.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.kinesis.source.config.KinesisStreamsSourceConfigConstants.InitialPosition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobConfigurationTest {

    private static final Map<String, String> REQUIRED = Map.of(
            "stream.arn", "arn:aws:kinesis:us-east-1:123456789012:stream/trades",
            "bars.table", "bars");

    @Test
    void appliesTheDeclaredDefaults() {
        Configuration c = JobConfiguration.fromMap(REQUIRED, "test");

        assertThat(JobConfiguration.streamArn(c).streamName()).isEqualTo("trades");
        assertThat(c.get(BarsJobOptions.BARS_TABLE)).isEqualTo("bars");
        assertThat(c.get(BarsJobOptions.STREAM_INITIAL_POSITION)).isEqualTo(InitialPosition.LATEST);
        assertThat(c.get(BarsJobOptions.STREAM_POLL_INTERVAL)).isEqualTo(Duration.ofSeconds(1));
        assertThat(c.get(BarsJobOptions.CHECKPOINT_INTERVAL)).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.getOptional(BarsJobOptions.AWS_REGION)).isEmpty();
        assertThat(c.getOptional(BarsJobOptions.KINESIS_ENDPOINT)).isEmpty();
        assertThat(c.getOptional(BarsJobOptions.LAKE_PATH)).isEmpty();
        assertThat(BarSettings.from(c)).isEqualTo(BarSettings.defaults());
        assertThat(BarSettings.defaults())
                .isEqualTo(new BarSettings(
                        List.of(60_000L, 3_600_000L, 86_400_000L), 5_000, 10_000, 60_000, 10_000, 2_000));
    }

    @Test
    void readsAManagedFlinkPropertyGroupWhoseServiceOwnsCheckpointing() {
        Properties group = new Properties();
        REQUIRED.forEach(group::setProperty);
        // As Terraform writes them (terraform/flink.tf, asserted in terraform/tests/stack.tftest.hcl).
        group.setProperty("bars.windows", "1m,5m");
        group.setProperty("bars.allowed-lateness", "120000ms");
        group.setProperty("stream.poll-interval", "500ms");
        group.setProperty("stream.initial-timestamp", ""); // Terraform's way of leaving a key unset
        group.setProperty("lake.path", "");

        Configuration c = JobConfiguration.fromPropertyGroups(Map.of(BarsJobOptions.PROPERTY_GROUP, group));

        assertThat(c.get(BarsJobOptions.BARS_WINDOWS)).containsExactly(Duration.ofMinutes(1), Duration.ofMinutes(5));
        assertThat(BarSettings.from(c).allowedLatenessMs()).isEqualTo(120_000);
        assertThat(c.get(BarsJobOptions.STREAM_POLL_INTERVAL)).isEqualTo(Duration.ofMillis(500));
        assertThat(c.getOptional(BarsJobOptions.LAKE_PATH)).isEmpty();
        assertThat(c.get(BarsJobOptions.CHECKPOINT_INTERVAL)).isZero();

        group.setProperty("checkpoint.interval", "5s");
        assertThatThrownBy(() -> JobConfiguration.fromPropertyGroups(Map.of(BarsJobOptions.PROPERTY_GROUP, group)))
                .hasMessageContaining("'checkpoint.interval' does not apply on Managed Flink");
        assertThatThrownBy(() -> JobConfiguration.fromPropertyGroups(Map.of("Tradelake", group)))
                .hasMessage("unknown Managed Flink property group 'Tradelake': the job reads only TradeLake");
    }

    @Test
    void readsFlagsOverAPropertiesFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("job.properties");
        Files.writeString(
                file,
                String.join(
                        "\n",
                        "stream.arn=arn:aws:kinesis:us-east-1:123456789012:stream/from-file",
                        "bars.table=bars-from-file",
                        "bars.windows=1s,1m,5m",
                        "watermark.out-of-orderness=2s"));

        Configuration c = JobConfiguration.fromArgs(new String[] {
            "--config", file.toString(),
            "--stream.arn", "arn:aws:kinesis:us-east-1:000000000000:stream/from-flag",
            "--stream.initial-position", "trim_horizon",
            "--kinesis.endpoint", "http://127.0.0.1:4567",
            "--aws.region", "us-east-1",
            "--bars.close-after-quiet", "1500ms",
            "--watermark.hold", "0ms"
        });

        assertThat(c.get(BarsJobOptions.STREAM_ARN))
                .isEqualTo("arn:aws:kinesis:us-east-1:000000000000:stream/from-flag");
        assertThat(c.get(BarsJobOptions.BARS_TABLE)).isEqualTo("bars-from-file");
        assertThat(c.get(BarsJobOptions.STREAM_INITIAL_POSITION)).isEqualTo(InitialPosition.TRIM_HORIZON);
        assertThat(c.get(BarsJobOptions.KINESIS_ENDPOINT)).isEqualTo("http://127.0.0.1:4567");
        assertThat(c.get(BarsJobOptions.AWS_REGION)).isEqualTo("us-east-1");
        assertThat(BarSettings.from(c))
                .isEqualTo(new BarSettings(List.of(1_000L, 60_000L, 300_000L), 2_000, 10_000, 60_000, 1_500, 0));
    }

    @Test
    void theLogLineWritesValuesAsTheLoaderReadsThem() {
        Map<String, String> m = with("bars.windows", "1s,1m,5m");
        m.put("bars.close-after-quiet", "1500ms");
        Configuration c = JobConfiguration.fromMap(m, "test");

        String line = BarsJobOptions.describe(c);
        assertThat(line).contains("bars.windows=1s,1m,5m", "bars.close-after-quiet=1500ms", "bars.table=bars");
        Map<String, String> again = new HashMap<>();
        for (String pair : line.split(", ")) {
            again.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
        }
        assertThat(JobConfiguration.fromMap(again, "the log line").toMap()).isEqualTo(c.toMap());
    }

    @Test
    void outsideManagedFlinkLoadReadsTheFlags() {
        // No /etc/flink/application_properties.json here: the flags are the configuration.
        Configuration c = JobConfiguration.load(new String[] {
            "--stream.arn", "arn:aws:kinesis:us-east-1:123456789012:stream/trades", "--bars.table", "t"
        });

        assertThat(c.get(BarsJobOptions.BARS_TABLE)).isEqualTo("t");
    }

    @Test
    void anUnknownKeyStopsTheJobInOneLineNamingIt() {
        assertThatThrownBy(() -> JobConfiguration.fromMap(with("bars.window", "5m"), "properties file job.properties"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("unknown configuration key 'bars.window' (from properties file job.properties)")
                .hasMessageContaining("bars.windows")
                .hasMessageNotContaining("\n");
        // The keys before durations were typed: refused, not read as something else.
        assertThatThrownBy(() -> JobConfiguration.fromArgs(new String[] {
                    "--stream.arn", "arn:aws:kinesis:us-east-1:123456789012:stream/trades",
                    "--bars.table", "t",
                    "--bars.allowed-lateness-ms", "60000"
                }))
                .hasMessageStartingWith("unknown configuration key 'bars.allowed-lateness-ms' (from flags)");
    }

    @Test
    void aBadValueIsNamedWithItsKeyAndText() {
        assertBad("bars.windows", "1m,fortnight", "'bars.windows' has a bad value '1m,fortnight'");
        assertBad("bars.windows", "1m,60s", "'bars.windows' has a bad value '1m,1m': repeats a window size");
        assertBad("bars.windows", "0s", "'bars.windows' has a bad value '0ms': a window size must be positive");
        assertBad("bars.windows", "1m;5m", "'bars.windows' has a bad value '1m;5m'");
        // Bare milliseconds are refused, as every other duration flag of the project refuses them.
        assertBad("bars.allowed-lateness", "60000", "'bars.allowed-lateness' has a bad value '60000'");
        assertBad("bars.allowed-lateness", "1 min", "'bars.allowed-lateness' has a bad value '1 min'");
        assertBad(
                "bars.close-after-quiet", "0s", "'bars.close-after-quiet' has a bad value '0ms': must be at least 1ms");
        assertBad("watermark.idleness", "0ms", "'watermark.idleness' has a bad value '0ms'");
        assertBad("checkpoint.interval", "0s", "'checkpoint.interval' has a bad value '0'");
        assertBad("stream.poll-interval", "0s", "'stream.poll-interval' has a bad value '0'");
        assertBad("stream.initial-position", "EARLIEST", "'stream.initial-position' has a bad value 'EARLIEST'");
        assertBad("dynamodb.endpoint", "localhost", "'dynamodb.endpoint' has a bad value 'localhost'");
        assertBad("stream.arn", "trades", "'stream.arn' has a bad value 'trades'");
        assertBad(
                "stream.initial-timestamp",
                "2026-11-30T14:00:00Z",
                "'stream.initial-timestamp' has a bad value '2026-11-30T14:00:00Z': needs stream.initial-position AT_TIMESTAMP");
        assertBad("stream.initial-position", "AT_TIMESTAMP", "'stream.initial-timestamp' is required");
        Map<String, String> atTimestamp = with("stream.initial-position", "AT_TIMESTAMP");
        atTimestamp.put("stream.initial-timestamp", "yesterday");
        assertThatThrownBy(() -> JobConfiguration.fromMap(atTimestamp, "test"))
                .hasMessageContaining("'stream.initial-timestamp' has a bad value 'yesterday'");
    }

    @Test
    void aMissingRequiredKeyIsNamed() {
        assertThatThrownBy(() -> JobConfiguration.fromMap(Map.of("stream.arn", REQUIRED.get("stream.arn")), "test"))
                .hasMessage("missing required configuration key 'bars.table' (from test)");
        assertThatThrownBy(() -> JobConfiguration.fromArgs(new String[] {"--bars.table", "bars"}))
                .hasMessage("missing required configuration key 'stream.arn' (from flags)");
    }

    @Test
    void pollsUnlessToldToReadWithEnhancedFanOut() {
        assertThat(JobConfiguration.fromMap(REQUIRED, "test").get(BarsJobOptions.STREAM_READER))
                .isEqualTo(BarsJobOptions.StreamReader.POLLING);
        Map<String, String> efo = with("stream.reader", "efo"); // as Terraform writes it
        Configuration c = JobConfiguration.fromMap(efo, "test");
        assertThat(c.get(BarsJobOptions.STREAM_READER)).isEqualTo(BarsJobOptions.StreamReader.EFO);
        assertThat(c.get(BarsJobOptions.STREAM_EFO_CONSUMER)).isEqualTo("tradelake-bars");
        efo.put("stream.efo-consumer", "bars-2");
        assertThat(JobConfiguration.fromMap(efo, "test").get(BarsJobOptions.STREAM_EFO_CONSUMER))
                .isEqualTo("bars-2");
        assertBad("stream.reader", "fanout", "'stream.reader' has a bad value 'fanout'");
    }

    @Test
    void startsAtATimestampWhenToldWhere() {
        Map<String, String> m = with("stream.initial-position", "at_timestamp");
        m.put("stream.initial-timestamp", "2026-11-30T14:00:00Z");
        Configuration c = JobConfiguration.fromMap(m, "test");

        assertThat(c.get(BarsJobOptions.STREAM_INITIAL_POSITION)).isEqualTo(InitialPosition.AT_TIMESTAMP);
        assertThat(JobConfiguration.initialTimestamp(c)).isEqualTo(java.time.Instant.parse("2026-11-30T14:00:00Z"));
    }

    @Test
    void everyDeclaredOptionIsKnownToTheLoaderAndDescribed() {
        assertThat(BarsJobOptions.all().values())
                .contains(BarsJobOptions.STREAM_ARN, BarsJobOptions.WATERMARK_HOLD, BarsJobOptions.LAKE_PATH)
                .allSatisfy(option -> {
                    assertThat(option.key())
                            .matches("[a-z]+(\\.[a-z]+(-[a-z]+)*)+")
                            .doesNotEndWith("-ms");
                    assertThat(option.description().getBlocks())
                            .as(option.key())
                            .isNotEmpty();
                });
        assertThat(BarsJobOptions.kind(BarsJobOptions.BARS_WINDOWS)).isEqualTo(BarsJobOptions.Kind.DURATIONS);
        assertThat(BarsJobOptions.kind(BarsJobOptions.WATERMARK_HOLD)).isEqualTo(BarsJobOptions.Kind.DURATION);
        assertThat(BarsJobOptions.kind(BarsJobOptions.STREAM_INITIAL_POSITION)).isEqualTo(BarsJobOptions.Kind.FLINK);
    }

    private static void assertBad(String key, String value, String message) {
        assertThatThrownBy(() -> JobConfiguration.fromMap(with(key, value), "test"))
                .as(key + "=" + value)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message)
                .hasMessageEndingWith("(from test)")
                .hasMessageNotContaining("\n");
    }

    private static Map<String, String> with(String key, String value) {
        Map<String, String> m = new HashMap<>(REQUIRED);
        m.put(key, value);
        return m;
    }
}
