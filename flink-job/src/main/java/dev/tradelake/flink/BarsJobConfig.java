package dev.tradelake.flink;

import com.amazonaws.services.kinesisanalytics.runtime.KinesisAnalyticsRuntime;
import dev.tradelake.model.StreamArn;
import dev.tradelake.model.WindowSizes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.api.java.utils.ParameterTool;
import org.slf4j.LoggerFactory;

/**
 * The job's whole configuration, typed and checked once. Keys are in {@link JobProperties}.
 *
 * <p>Read, in this order of precedence, from: the Managed Flink runtime property group
 * {@link JobProperties#GROUP} when the job runs there; else {@code --key value} flags, over a
 * properties file named by {@code --config FILE}. A missing required key or a bad value fails
 * the job at start, naming the key.
 *
 * @param lakePath where trades and final bars also go as Parquet ({@link JobProperties#LAKE_PATH}); none: no lake
 * @param efoConsumer the stream consumer to read through with enhanced fan-out; empty: polling
 * @param checkpointIntervalMs 0 when the runtime's own checkpoint configuration applies (Managed Flink)
 */
public record BarsJobConfig(
        StreamArn streamArn,
        InitialPosition initialPosition,
        Optional<Instant> initialTimestamp,
        String barsTable,
        BarSettings bars,
        Optional<String> region,
        Optional<URI> kinesisEndpoint,
        Optional<URI> dynamoDbEndpoint,
        long checkpointIntervalMs,
        long pollIntervalMs,
        String origin,
        Optional<String> lakePath,
        Optional<String> efoConsumer) {

    /** The flag naming a properties file to read before the other flags. */
    public static final String CONFIG_FILE_FLAG = "config";

    public static final long DEFAULT_CHECKPOINT_INTERVAL_MS = 10_000;
    public static final long DEFAULT_POLL_INTERVAL_MS = 1_000;
    public static final String DEFAULT_EFO_CONSUMER = "tradelake-bars";

    /** Where in the stream a job without a checkpoint starts reading. */
    public enum InitialPosition {
        /** Only records written after the job started (the default: a live feed). */
        LATEST,
        /** Every record the stream still holds (replays, tests). */
        TRIM_HORIZON,
        /** Records written at or after {@link JobProperties#STREAM_INITIAL_TIMESTAMP} (moving a running application over). */
        AT_TIMESTAMP
    }

    private static final Set<String> KNOWN_KEYS = Set.of(
            JobProperties.STREAM_ARN,
            JobProperties.STREAM_INITIAL_POSITION,
            JobProperties.STREAM_INITIAL_TIMESTAMP,
            JobProperties.STREAM_POLL_INTERVAL_MS,
            JobProperties.STREAM_READER,
            JobProperties.STREAM_EFO_CONSUMER,
            JobProperties.BARS_TABLE,
            JobProperties.BARS_WINDOWS,
            JobProperties.BARS_ALLOWED_LATENESS_MS,
            JobProperties.WATERMARK_OUT_OF_ORDERNESS_MS,
            JobProperties.BARS_CLOSE_AFTER_QUIET_MS,
            JobProperties.WATERMARK_IDLENESS_MS,
            JobProperties.CHECKPOINT_INTERVAL_MS,
            JobProperties.AWS_REGION,
            JobProperties.KINESIS_ENDPOINT,
            JobProperties.DYNAMODB_ENDPOINT,
            JobProperties.LAKE_PATH);

    /** Loads from the Managed Flink property group when present, else from flags and {@code --config FILE}. */
    public static BarsJobConfig load(String[] args) {
        Map<String, Properties> groups;
        try {
            groups = KinesisAnalyticsRuntime.getApplicationProperties();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the Managed Flink application properties", e);
        }
        Properties group = groups.get(JobProperties.GROUP);
        if (group != null) {
            Map<String, String> values = new HashMap<>();
            group.stringPropertyNames().forEach(k -> values.put(k, group.getProperty(k)));
            return fromMap(values, "Managed Flink property group " + JobProperties.GROUP, true);
        }
        return fromArgs(args);
    }

    /** Reads {@code --key value} flags, over the properties file named by {@code --config FILE} if any. */
    public static BarsJobConfig fromArgs(String[] args) {
        ParameterTool flags = ParameterTool.fromArgs(args);
        Map<String, String> values = new HashMap<>();
        String origin = "flags";
        if (flags.has(CONFIG_FILE_FLAG)) {
            String file = flags.get(CONFIG_FILE_FLAG);
            try {
                values.putAll(ParameterTool.fromPropertiesFile(file).toMap());
            } catch (IOException e) {
                throw new IllegalArgumentException(
                        "cannot read the properties file --" + CONFIG_FILE_FLAG + " " + file + ": " + e.getMessage(),
                        e);
            }
            origin = "properties file " + file + " and flags";
        }
        values.putAll(flags.toMap());
        values.remove(CONFIG_FILE_FLAG);
        return fromMap(values, origin, false);
    }

    /** Builds the config from key/value pairs named by {@link JobProperties} (the launcher's entry point). */
    public static BarsJobConfig fromMap(Map<String, String> values) {
        return fromMap(values, "map", false);
    }

    static BarsJobConfig fromMap(Map<String, String> raw, String origin, boolean managedFlink) {
        Set<String> unknown = unknownKeys(raw);
        if (!unknown.isEmpty()) {
            LoggerFactory.getLogger(BarsJobConfig.class)
                    .warn("ignoring unknown configuration keys {} (from {})", unknown, origin);
        }
        Values v = new Values(raw, origin);
        BarSettings bars = new BarSettings(
                v.windows(),
                v.millis(JobProperties.WATERMARK_OUT_OF_ORDERNESS_MS, BarSettings.DEFAULT_OUT_OF_ORDERNESS_MS, 0),
                v.millis(JobProperties.WATERMARK_IDLENESS_MS, BarSettings.DEFAULT_IDLENESS_MS, 1),
                v.millis(JobProperties.BARS_ALLOWED_LATENESS_MS, BarSettings.DEFAULT_ALLOWED_LATENESS_MS, 0),
                v.millis(JobProperties.BARS_CLOSE_AFTER_QUIET_MS, BarSettings.DEFAULT_CLOSE_AFTER_QUIET_MS, 1),
                BarSettings.DEFAULT_HOLD_MS);
        // Checkpointing stays on: outside Managed Flink the interval must be positive.
        long checkpointMs =
                managedFlink ? 0 : v.millis(JobProperties.CHECKPOINT_INTERVAL_MS, DEFAULT_CHECKPOINT_INTERVAL_MS, 1);
        InitialPosition position = v.initialPosition();
        return new BarsJobConfig(
                v.streamArn(),
                position,
                v.initialTimestamp(position),
                v.required(JobProperties.BARS_TABLE),
                bars,
                v.optional(JobProperties.AWS_REGION),
                v.uri(JobProperties.KINESIS_ENDPOINT),
                v.uri(JobProperties.DYNAMODB_ENDPOINT),
                checkpointMs,
                v.millis(JobProperties.STREAM_POLL_INTERVAL_MS, DEFAULT_POLL_INTERVAL_MS, 1),
                origin,
                v.optional(JobProperties.LAKE_PATH),
                v.efoConsumer());
    }

    /** Keys given that this job does not know: most likely typos, worth a warning. */
    public static Set<String> unknownKeys(Map<String, String> values) {
        Set<String> unknown = new TreeSet<>(values.keySet());
        unknown.removeAll(KNOWN_KEYS);
        unknown.remove(CONFIG_FILE_FLAG);
        return unknown;
    }

    /** True when an endpoint points at a local emulator rather than AWS. */
    public boolean usesEndpointOverrides() {
        return kinesisEndpoint.isPresent() || dynamoDbEndpoint.isPresent();
    }

    /** The raw values with typed, key-naming accessors. */
    private record Values(Map<String, String> raw, String origin) {

        String required(String key) {
            return optional(key)
                    .orElseThrow(() -> new IllegalArgumentException(
                            "missing required configuration key '" + key + "' (from " + origin + ")"));
        }

        Optional<String> optional(String key) {
            String value = raw.get(key);
            return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
        }

        long millis(String key, long defaultValue, long min) {
            Optional<String> text = optional(key);
            if (text.isEmpty()) {
                return defaultValue;
            }
            try {
                long ms = Long.parseLong(text.get());
                if (ms < min) {
                    throw bad(key, "must be at least " + min + ", was " + ms);
                }
                return ms;
            } catch (NumberFormatException e) {
                throw bad(key, "is not a whole number of milliseconds: '" + text.get() + "'");
            }
        }

        List<Long> windows() {
            List<Long> sizes;
            try {
                sizes = optional(JobProperties.BARS_WINDOWS)
                        .map(WindowSizes::parseList)
                        .orElse(List.of(BarSettings.DEFAULT_WINDOW_MS));
            } catch (IllegalArgumentException e) {
                throw bad(JobProperties.BARS_WINDOWS, e.getMessage());
            }
            if (sizes.stream().distinct().count() != sizes.size()) {
                throw bad(
                        JobProperties.BARS_WINDOWS,
                        "repeats a window size: '" + raw.get(JobProperties.BARS_WINDOWS) + "'");
            }
            return sizes;
        }

        StreamArn streamArn() {
            String text = required(JobProperties.STREAM_ARN);
            try {
                return StreamArn.parse(text);
            } catch (IllegalArgumentException e) {
                throw bad(JobProperties.STREAM_ARN, "is " + e.getMessage());
            }
        }

        Optional<Instant> initialTimestamp(InitialPosition position) {
            Optional<String> text = optional(JobProperties.STREAM_INITIAL_TIMESTAMP);
            if (position != InitialPosition.AT_TIMESTAMP) {
                if (text.isPresent()) {
                    throw bad(
                            JobProperties.STREAM_INITIAL_TIMESTAMP,
                            "needs " + JobProperties.STREAM_INITIAL_POSITION + "=AT_TIMESTAMP, which is " + position);
                }
                return Optional.empty();
            }
            String at = text.orElseThrow(() -> bad(
                    JobProperties.STREAM_INITIAL_TIMESTAMP,
                    "is required with " + JobProperties.STREAM_INITIAL_POSITION + "=AT_TIMESTAMP"));
            try {
                return Optional.of(Instant.parse(at));
            } catch (DateTimeParseException e) {
                throw bad(
                        JobProperties.STREAM_INITIAL_TIMESTAMP,
                        "is not an ISO-8601 instant such as 2026-11-30T14:00:00Z: '" + at + "'");
            }
        }

        InitialPosition initialPosition() {
            String text = optional(JobProperties.STREAM_INITIAL_POSITION).orElse(InitialPosition.LATEST.name());
            try {
                return InitialPosition.valueOf(text.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw bad(
                        JobProperties.STREAM_INITIAL_POSITION,
                        "must be LATEST, TRIM_HORIZON or AT_TIMESTAMP, was '" + text + "'");
            }
        }

        /** The consumer name when {@link JobProperties#STREAM_READER} is {@code efo}; empty for {@code polling}. */
        Optional<String> efoConsumer() {
            String reader = optional(JobProperties.STREAM_READER).orElse("polling");
            return switch (reader) {
                case "polling" -> Optional.empty();
                case "efo" ->
                    Optional.of(optional(JobProperties.STREAM_EFO_CONSUMER).orElse(DEFAULT_EFO_CONSUMER));
                default ->
                    throw new IllegalArgumentException(JobProperties.STREAM_READER + " must be polling or efo, not '"
                            + reader + "' (from " + origin + ")");
            };
        }

        Optional<URI> uri(String key) {
            return optional(key).map(text -> {
                try {
                    URI uri = new URI(text);
                    if (uri.getScheme() == null || uri.getHost() == null) {
                        throw bad(key, "is not an absolute URL such as http://127.0.0.1:4567: '" + text + "'");
                    }
                    return uri;
                } catch (URISyntaxException e) {
                    throw bad(key, "is not a URL: '" + text + "'");
                }
            });
        }

        IllegalArgumentException bad(String key, String problem) {
            return new IllegalArgumentException(
                    "configuration key '" + key + "' " + problem + " (from " + origin + ")");
        }
    }
}
