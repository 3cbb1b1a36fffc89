package dev.tradelake.flink;

import com.amazonaws.services.kinesisanalytics.runtime.KinesisAnalyticsRuntime;
import dev.tradelake.model.Durations;
import dev.tradelake.model.StreamArn;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.flink.api.java.utils.ParameterTool;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.connector.kinesis.source.config.KinesisStreamsSourceConfigConstants.InitialPosition;

/**
 * Reads the job's settings ({@link BarsJobOptions}) into a Flink {@link Configuration}, by one path
 * wherever they come from: the Managed Flink property group {@value BarsJobOptions#PROPERTY_GROUP}
 * when the job runs there, else a properties file named by {@code --config FILE} under
 * {@code --key value} flags. An unknown key, a bad value or a missing required key stops the job
 * at start with one line naming the key (and the value) and where it came from: a typo never
 * falls back to a default.
 */
public final class JobConfiguration {

    /** The flag naming a properties file to read before the other flags. */
    public static final String CONFIG_FILE_FLAG = "config";

    private JobConfiguration() {}

    /** From the Managed Flink property group when the application has one, else from {@code args}. */
    public static Configuration load(String[] args) {
        Map<String, Properties> groups;
        try {
            groups = KinesisAnalyticsRuntime.getApplicationProperties();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the Managed Flink application properties", e);
        }
        return groups.isEmpty() ? fromArgs(args) : fromPropertyGroups(groups);
    }

    /**
     * The Managed Flink application's property groups: only {@value BarsJobOptions#PROPERTY_GROUP};
     * checkpointing there is the application's (Terraform's {@code flink_checkpoint_interval_ms}).
     */
    static Configuration fromPropertyGroups(Map<String, Properties> groups) {
        String origin = "Managed Flink property group " + BarsJobOptions.PROPERTY_GROUP;
        for (String group : groups.keySet()) {
            if (!group.equals(BarsJobOptions.PROPERTY_GROUP)) {
                throw new IllegalArgumentException("unknown Managed Flink property group '" + group
                        + "': the job reads only " + BarsJobOptions.PROPERTY_GROUP);
            }
        }
        Properties group = groups.get(BarsJobOptions.PROPERTY_GROUP);
        Map<String, String> values = new LinkedHashMap<>();
        group.stringPropertyNames().forEach(k -> values.put(k, group.getProperty(k)));
        if (values.containsKey(BarsJobOptions.CHECKPOINT_INTERVAL.key())) {
            throw new IllegalArgumentException("configuration key '" + BarsJobOptions.CHECKPOINT_INTERVAL.key()
                    + "' does not apply on Managed Flink, whose checkpoint configuration does (from " + origin + ")");
        }
        Configuration config = fromMap(values, origin);
        // Zero leaves the environment's checkpointing as the service configured it.
        config.set(BarsJobOptions.CHECKPOINT_INTERVAL, Duration.ZERO);
        return config;
    }

    /** {@code --key value} flags, over the properties file named by {@code --config FILE} if any. */
    public static Configuration fromArgs(String[] args) {
        ParameterTool flags = ParameterTool.fromArgs(args);
        Map<String, String> values = new LinkedHashMap<>();
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
        return fromMap(values, origin);
    }

    /**
     * Keys of {@link BarsJobOptions} and their text, checked: the launcher's and the tests' entry
     * point. A blank value is no value (Terraform writes {@code ""} for an optional key left unset).
     */
    public static Configuration fromMap(Map<String, String> values, String origin) {
        Configuration config = new Configuration();
        for (Map.Entry<String, String> e : new TreeMap<>(values).entrySet()) {
            ConfigOption<?> option = BarsJobOptions.all().get(e.getKey());
            if (option == null) {
                throw new IllegalArgumentException(
                        "unknown configuration key '" + e.getKey() + "' (from " + origin + "); the keys are "
                                + String.join(", ", BarsJobOptions.all().keySet()));
            }
            String text = e.getValue() == null ? "" : e.getValue().trim();
            if (!text.isEmpty()) {
                try {
                    set(config, option, text);
                } catch (IllegalArgumentException bad) {
                    throw new IllegalArgumentException("configuration key '" + e.getKey() + "' has a bad value '" + text
                            + "': " + reason(bad) + " (from " + origin + ")");
                }
            }
        }
        try {
            check(config);
        } catch (IllegalArgumentException bad) {
            throw new IllegalArgumentException(bad.getMessage() + " (from " + origin + ")", bad);
        }
        return config;
    }

    /** The stream's ARN, checked by {@link #fromMap}. */
    public static StreamArn streamArn(ReadableConfig config) {
        return StreamArn.parse(config.get(BarsJobOptions.STREAM_ARN));
    }

    /** With {@code AT_TIMESTAMP}: where to start reading, checked by {@link #fromMap}. */
    public static Instant initialTimestamp(ReadableConfig config) {
        return Instant.parse(config.get(BarsJobOptions.STREAM_INITIAL_TIMESTAMP));
    }

    @SuppressWarnings("unchecked")
    private static void set(Configuration config, ConfigOption<?> option, String text) {
        switch (BarsJobOptions.kind(option)) {
            case DURATION -> config.set((ConfigOption<Duration>) option, Duration.ofMillis(Durations.parseMs(text)));
            case DURATIONS -> {
                List<Duration> list = new ArrayList<>();
                for (String part : text.split(",", -1)) {
                    list.add(Duration.ofMillis(Durations.parseMs(part)));
                }
                config.set((ConfigOption<List<Duration>>) option, list);
            }
            case FLINK -> {
                config.setString(option.key(), text);
                config.get(option); // Flink's own conversion (an enum, a number) fails here, not in the job
            }
        }
    }

    /** What no single value shows: required keys, formats Flink does not know, keys that need each other. */
    private static void check(Configuration config) {
        for (ConfigOption<String> required : List.of(BarsJobOptions.STREAM_ARN, BarsJobOptions.BARS_TABLE)) {
            if (!config.contains(required)) {
                throw new IllegalArgumentException("missing required configuration key '" + required.key() + "'");
            }
        }
        String arn = config.get(BarsJobOptions.STREAM_ARN);
        try {
            StreamArn.parse(arn);
        } catch (IllegalArgumentException e) {
            throw badValue(BarsJobOptions.STREAM_ARN, arn, e.getMessage());
        }
        for (ConfigOption<String> endpoint :
                List.of(BarsJobOptions.KINESIS_ENDPOINT, BarsJobOptions.DYNAMODB_ENDPOINT)) {
            config.getOptional(endpoint).ifPresent(text -> checkUrl(endpoint, text));
        }
        boolean atTimestamp = config.get(BarsJobOptions.STREAM_INITIAL_POSITION) == InitialPosition.AT_TIMESTAMP;
        String position = BarsJobOptions.STREAM_INITIAL_POSITION.key();
        config.getOptional(BarsJobOptions.STREAM_INITIAL_TIMESTAMP)
                .ifPresentOrElse(
                        at -> {
                            if (!atTimestamp) {
                                throw badValue(
                                        BarsJobOptions.STREAM_INITIAL_TIMESTAMP,
                                        at,
                                        "needs " + position + " AT_TIMESTAMP");
                            }
                            try {
                                Instant.parse(at);
                            } catch (DateTimeParseException e) {
                                throw badValue(
                                        BarsJobOptions.STREAM_INITIAL_TIMESTAMP,
                                        at,
                                        "not an instant such as 2026-11-30T14:00:00Z");
                            }
                        },
                        () -> {
                            if (atTimestamp) {
                                throw new IllegalArgumentException("configuration key '"
                                        + BarsJobOptions.STREAM_INITIAL_TIMESTAMP.key() + "' is required with "
                                        + position
                                        + " AT_TIMESTAMP");
                            }
                        });
        for (ConfigOption<Duration> positive :
                List.of(BarsJobOptions.STREAM_POLL_INTERVAL, BarsJobOptions.CHECKPOINT_INTERVAL)) {
            if (config.get(positive).isZero()) {
                throw badValue(positive, "0", "must be at least 1ms");
            }
        }
        BarSettings.from(config); // its own rules, each naming its key
    }

    private static void checkUrl(ConfigOption<String> key, String text) {
        try {
            URI uri = new URI(text);
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw badValue(key, text, "not an absolute URL such as http://127.0.0.1:4567");
            }
        } catch (URISyntaxException e) {
            throw badValue(key, text, "not a URL");
        }
    }

    static IllegalArgumentException badValue(ConfigOption<?> option, String text, String reason) {
        return new IllegalArgumentException(
                "configuration key '" + option.key() + "' has a bad value '" + text + "': " + reason);
    }

    /** The innermost message: Flink wraps its conversion errors in "Could not parse value ...". */
    private static String reason(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause().getMessage() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }
}
