package dev.tradelake.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BarsJobConfigTest {

    private static final Map<String, String> REQUIRED = Map.of(
            JobProperties.STREAM_ARN, "arn:aws:kinesis:us-east-1:123456789012:stream/trades",
            JobProperties.BARS_TABLE, "bars");

    @Test
    void appliesTheDocumentedDefaults() {
        BarsJobConfig c = BarsJobConfig.fromMap(REQUIRED);

        assertThat(c.streamArn().streamName()).isEqualTo("trades");
        assertThat(c.initialTimestamp()).isEmpty();
        assertThat(c.barsTable()).isEqualTo("bars");
        assertThat(c.initialPosition()).isEqualTo(BarsJobConfig.InitialPosition.LATEST);
        assertThat(c.bars()).isEqualTo(BarSettings.defaults());
        assertThat(c.bars().windowsMs()).containsExactly(60_000L);
        assertThat(c.bars().outOfOrdernessMs()).isEqualTo(5_000);
        assertThat(c.bars().allowedLatenessMs()).isEqualTo(60_000);
        assertThat(c.bars().closeAfterQuietMs()).isEqualTo(10_000);
        assertThat(c.checkpointIntervalMs()).isEqualTo(10_000);
        assertThat(c.pollIntervalMs()).isEqualTo(1_000);
        assertThat(c.region()).isEmpty();
        assertThat(c.kinesisEndpoint()).isEmpty();
        assertThat(c.usesEndpointOverrides()).isFalse();
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
                        "watermark.out-of-orderness-ms=2000"));

        BarsJobConfig c = BarsJobConfig.fromArgs(new String[] {
            "--config", file.toString(),
            "--stream.arn", "arn:aws:kinesis:us-east-1:000000000000:stream/from-flag",
            "--stream.initial-position", "trim_horizon",
            "--kinesis.endpoint", "http://127.0.0.1:4567",
            "--aws.region", "us-east-1",
            "--bars.close-after-quiet-ms", "1500",
            "--stream.poll-interval-ms", "250"
        });

        assertThat(c.streamArn()).hasToString("arn:aws:kinesis:us-east-1:000000000000:stream/from-flag");
        assertThat(c.barsTable()).isEqualTo("bars-from-file");
        assertThat(c.initialPosition()).isEqualTo(BarsJobConfig.InitialPosition.TRIM_HORIZON);
        assertThat(c.bars().windowsMs()).containsExactly(1_000L, 60_000L, 300_000L);
        assertThat(c.bars().outOfOrdernessMs()).isEqualTo(2_000);
        assertThat(c.pollIntervalMs()).isEqualTo(250);
        assertThat(c.bars().closeAfterQuietMs()).isEqualTo(1_500);
        assertThat(c.kinesisEndpoint()).contains(URI.create("http://127.0.0.1:4567"));
        assertThat(c.region()).contains("us-east-1");
        assertThat(c.origin()).contains(file.toString());
    }

    @Test
    void aMissingRequiredKeyIsNamed() {
        assertThatThrownBy(() -> BarsJobConfig.fromMap(
                        Map.of(JobProperties.STREAM_ARN, "arn:aws:kinesis:us-east-1:123456789012:stream/trades")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'bars.table'");
        assertThatThrownBy(() -> BarsJobConfig.fromArgs(new String[] {"--bars.table", "bars"}))
                .hasMessageContaining("'stream.arn'")
                .hasMessageContaining("flags");
    }

    @Test
    void aBadValueIsNamedWithItsKey() {
        assertThatThrownBy(() -> BarsJobConfig.fromMap(with(JobProperties.BARS_WINDOWS, "1m,fortnight")))
                .hasMessageContaining("'bars.windows'");
        assertThatThrownBy(() -> BarsJobConfig.fromMap(with(JobProperties.BARS_WINDOWS, "1m,60s")))
                .hasMessageContaining("'bars.windows'")
                .hasMessageContaining("repeats");
        assertThatThrownBy(() -> BarsJobConfig.fromMap(with(JobProperties.BARS_ALLOWED_LATENESS_MS, "a minute")))
                .hasMessageContaining("'bars.allowed-lateness-ms'");
        assertThatThrownBy(() -> BarsJobConfig.fromMap(with(JobProperties.BARS_CLOSE_AFTER_QUIET_MS, "0")))
                .hasMessageContaining("'bars.close-after-quiet-ms'");
        assertThatThrownBy(() -> BarsJobConfig.fromMap(with(JobProperties.CHECKPOINT_INTERVAL_MS, "0")))
                .hasMessageContaining("'checkpoint.interval-ms'");
        assertThatThrownBy(() -> BarsJobConfig.fromMap(with(JobProperties.STREAM_INITIAL_POSITION, "EARLIEST")))
                .hasMessageContaining("'stream.initial-position'");
        assertThatThrownBy(() -> BarsJobConfig.fromMap(with(JobProperties.DYNAMODB_ENDPOINT, "localhost")))
                .hasMessageContaining("'dynamodb.endpoint'");
        assertThatThrownBy(() -> BarsJobConfig.fromMap(with(JobProperties.STREAM_ARN, "trades")))
                .hasMessageContaining("'stream.arn'")
                .hasMessageContaining("'trades'");
        assertThatThrownBy(() -> BarsJobConfig.fromMap(with(JobProperties.STREAM_INITIAL_POSITION, "AT_TIMESTAMP")))
                .hasMessageContaining("'stream.initial-timestamp' is required");
        assertThatThrownBy(() ->
                        BarsJobConfig.fromMap(with(JobProperties.STREAM_INITIAL_TIMESTAMP, "2026-11-30T14:00:00Z")))
                .hasMessageContaining("'stream.initial-timestamp' needs stream.initial-position=AT_TIMESTAMP");
        Map<String, String> atTimestamp = with(JobProperties.STREAM_INITIAL_POSITION, "AT_TIMESTAMP");
        atTimestamp.put(JobProperties.STREAM_INITIAL_TIMESTAMP, "yesterday");
        assertThatThrownBy(() -> BarsJobConfig.fromMap(atTimestamp)).hasMessageContaining("'yesterday'");
    }

    @Test
    void pollsUnlessToldToReadWithEnhancedFanOut() {
        assertThat(BarsJobConfig.fromMap(REQUIRED).efoConsumer()).isEmpty();
        assertThat(BarsJobConfig.fromMap(with(JobProperties.STREAM_READER, "polling"))
                        .efoConsumer())
                .isEmpty();
        assertThat(BarsJobConfig.fromMap(with(JobProperties.STREAM_READER, "efo"))
                        .efoConsumer())
                .contains(BarsJobConfig.DEFAULT_EFO_CONSUMER);
        Map<String, String> named = with(JobProperties.STREAM_READER, "efo");
        named.put(JobProperties.STREAM_EFO_CONSUMER, "bars-2");
        assertThat(BarsJobConfig.fromMap(named).efoConsumer()).contains("bars-2");
        assertThatThrownBy(() -> BarsJobConfig.fromMap(with(JobProperties.STREAM_READER, "fanout")))
                .hasMessageContaining("stream.reader")
                .hasMessageContaining("fanout");
    }

    @Test
    void startsAtATimestampWhenToldWhere() {
        Map<String, String> m = with(JobProperties.STREAM_INITIAL_POSITION, "at_timestamp");
        m.put(JobProperties.STREAM_INITIAL_TIMESTAMP, "2026-11-30T14:00:00Z");
        BarsJobConfig c = BarsJobConfig.fromMap(m);

        assertThat(c.initialPosition()).isEqualTo(BarsJobConfig.InitialPosition.AT_TIMESTAMP);
        assertThat(c.initialTimestamp()).contains(java.time.Instant.parse("2026-11-30T14:00:00Z"));
    }

    @Test
    void onManagedFlinkTheServiceOwnsCheckpointing() {
        BarsJobConfig c = BarsJobConfig.fromMap(with(JobProperties.CHECKPOINT_INTERVAL_MS, "5000"), "group", true);

        assertThat(c.checkpointIntervalMs()).isZero();
    }

    @Test
    void outsideManagedFlinkLoadReadsTheFlags() {
        // No /etc/flink/application_properties.json here: the flags are the configuration.
        BarsJobConfig c = BarsJobConfig.load(new String[] {
            "--stream.arn", "arn:aws:kinesis:us-east-1:123456789012:stream/trades", "--bars.table", "t"
        });

        assertThat(c.origin()).isEqualTo("flags");
    }

    @Test
    void unknownKeysAreReportedForAWarning() {
        assertThat(BarsJobConfig.unknownKeys(with("bars.window", "1m"))).containsExactly("bars.window");
    }

    private static Map<String, String> with(String key, String value) {
        java.util.HashMap<String, String> m = new java.util.HashMap<>(REQUIRED);
        m.put(key, value);
        return m;
    }

    @Test
    void everyKeyOfJobPropertiesIsRead() {
        // A key added to JobProperties but not to the loader would be silently ignored.
        List<String> keys = java.util.Arrays.stream(JobProperties.class.getFields())
                .filter(f -> f.getType() == String.class && !f.getName().equals("GROUP"))
                .map(f -> {
                    try {
                        return (String) f.get(null);
                    } catch (IllegalAccessException e) {
                        throw new AssertionError(e);
                    }
                })
                .toList();
        java.util.Map<String, String> all = new java.util.HashMap<>();
        keys.forEach(k -> all.put(k, "x"));
        assertThat(BarsJobConfig.unknownKeys(all)).isEmpty();
    }
}
