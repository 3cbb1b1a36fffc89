package dev.tradelake.flink;

import static org.apache.flink.configuration.ConfigOptions.key;

import dev.tradelake.model.WindowSizes;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.connector.kinesis.source.config.KinesisStreamsSourceConfigConstants.InitialPosition;

/**
 * The bars job's settings: each key, its type, default and description, declared once (as
 * {@code KinesisStreamsSourceConfigConstants} declares the Kinesis source's). {@link JobConfiguration}
 * reads them into a Flink {@code Configuration} from Managed Flink's property group
 * {@value #PROPERTY_GROUP} or from a properties file and {@code --key value} flags; the job and
 * its parts read them through {@code ReadableConfig}. Terraform's property group, the launcher and
 * the README's table of job settings use these keys (tests check all three).
 *
 * <p>A setting is added by declaring a {@code public static final ConfigOption} here, nothing
 * else: {@link #all()} finds it, so the loader knows its key. Durations are {@code Duration}s
 * written in the project's one grammar ({@code model}'s {@code Durations}: {@code 500ms},
 * {@code 10s}, {@code 1m}, {@code 1h}, {@code 1d}); a list is comma-separated.
 */
public final class BarsJobOptions {

    /** The Managed Flink runtime property group that holds every key below. */
    public static final String PROPERTY_GROUP = "TradeLake";

    public static final ConfigOption<String> STREAM_ARN = key("stream.arn")
            .stringType()
            .noDefaultValue()
            .withDescription("Required: the ARN of the Kinesis stream of trade records"
                    + " (arn:aws:kinesis:REGION:ACCOUNT:stream/NAME).");

    public static final ConfigOption<InitialPosition> STREAM_INITIAL_POSITION = key("stream.initial-position")
            .enumType(InitialPosition.class)
            .defaultValue(InitialPosition.LATEST)
            .withDescription("Where a job without state starts reading: LATEST (a live feed), TRIM_HORIZON"
                    + " (every record the stream holds) or AT_TIMESTAMP (stream.initial-timestamp).");

    public static final ConfigOption<String> STREAM_INITIAL_TIMESTAMP = key("stream.initial-timestamp")
            .stringType()
            .noDefaultValue()
            .withDescription("With stream.initial-position AT_TIMESTAMP only: the instant to start reading at,"
                    + " ISO-8601 such as 2026-11-30T14:00:00Z.");

    public static final ConfigOption<Duration> STREAM_POLL_INTERVAL = key("stream.poll-interval")
            .durationType()
            .defaultValue(Duration.ofSeconds(1))
            .withDescription("How often each shard is polled. A shard serves 5 GetRecords calls/s to all its"
                    + " consumers together and the Lambda's event source mapping takes about one;"
                    + " the 4.3.0 connector's reader alone would call again as soon as a call returns.");

    /** How the source reads its shards. */
    public enum StreamReader {
        /** GetRecords, sharing each shard's 2 MB/s with its other readers. */
        POLLING,
        /** Enhanced fan-out: SubscribeToShard through a stream consumer, 2 MB/s per shard of its own. */
        EFO
    }

    public static final ConfigOption<StreamReader> STREAM_READER = key("stream.reader")
            .enumType(StreamReader.class)
            .defaultValue(StreamReader.POLLING)
            .withDescription("How the source reads its shards: polling (GetRecords, sharing each shard's 2 MB/s"
                    + " with its other readers) or efo (enhanced fan-out: SubscribeToShard through the stream"
                    + " consumer stream.efo-consumer, 2 MB/s per shard of its own, pushed within about 70 ms).");

    public static final ConfigOption<String> STREAM_EFO_CONSUMER = key("stream.efo-consumer")
            .stringType()
            .defaultValue("tradelake-bars")
            .withDescription("With stream.reader efo: the stream consumer's name. The job registers it if it"
                    + " does not exist and never deregisters it (on AWS Terraform owns it).");

    public static final ConfigOption<String> BARS_TABLE =
            key("bars.table").stringType().noDefaultValue().withDescription("Required: the DynamoDB table of bars.");

    public static final ConfigOption<List<Duration>> BARS_WINDOWS = key("bars.windows")
            .durationType()
            .asList()
            .defaultValues(Duration.ofMinutes(1), Duration.ofHours(1), Duration.ofDays(1))
            .withDescription("Bar sizes, epoch-aligned (1d is the UTC day), comma-separated such as 1s,1m,5m."
                    + " A size that a smaller one divides is rolled up from the bars of the largest such size"
                    + " (1h from 1m, 1d from 1h); the others are windows over the trades.");

    public static final ConfigOption<Duration> BARS_ALLOWED_LATENESS = key("bars.allowed-lateness")
            .durationType()
            .defaultValue(Duration.ofMinutes(1))
            .withDescription("How long after its window closed a trade still updates, and re-emits, its bar;"
                    + " later trades are counted as late.");

    public static final ConfigOption<Duration> BARS_CLOSE_AFTER_QUIET = key("bars.close-after-quiet")
            .durationType()
            .defaultValue(Duration.ofSeconds(10))
            .withDescription("Processing time without any trade after which open windows are closed,"
                    + " so the last bars of a feed that went quiet are written. At least 1ms.");

    public static final ConfigOption<Duration> WATERMARK_OUT_OF_ORDERNESS = key("watermark.out-of-orderness")
            .durationType()
            .defaultValue(Duration.ofSeconds(5))
            .withDescription("How far behind the newest trade of its symbol a trade may arrive and still be on time.");

    public static final ConfigOption<Duration> WATERMARK_IDLENESS = key("watermark.idleness")
            .durationType()
            .defaultValue(Duration.ofSeconds(10))
            .withDescription("Processing time without trades after which a symbol (and so a quiet shard)"
                    + " or a whole subtask stops holding the watermark back. At least 1ms.");

    public static final ConfigOption<Duration> WATERMARK_HOLD = key("watermark.hold")
            .durationType()
            .defaultValue(Duration.ofSeconds(2))
            .withDescription("Processing time a watermark is held back before it is emitted: records reach"
                    + " the job out of time order across symbols (the ingest buffers each symbol,"
                    + " shards are polled in turn), and a replay squeezes hours of trade time into"
                    + " that delay.");

    public static final ConfigOption<Duration> CHECKPOINT_INTERVAL = key("checkpoint.interval")
            .durationType()
            .defaultValue(Duration.ofSeconds(10))
            .withDescription("How often the job checkpoints, outside Managed Flink (at least 1ms). Refused on"
                    + " Managed Flink, where the application's checkpoint configuration applies.");

    public static final ConfigOption<String> AWS_REGION = key("aws.region")
            .stringType()
            .noDefaultValue()
            .withDescription("The AWS region; unset: the environment's (AWS_REGION, profile, instance).");

    public static final ConfigOption<String> KINESIS_ENDPOINT = key("kinesis.endpoint")
            .stringType()
            .noDefaultValue()
            .withDescription("Local runs only: the Kinesis endpoint, such as http://127.0.0.1:4567.");

    public static final ConfigOption<String> DYNAMODB_ENDPOINT = key("dynamodb.endpoint")
            .stringType()
            .noDefaultValue()
            .withDescription("Local runs only: the DynamoDB endpoint, such as http://127.0.0.1:4568.");

    public static final ConfigOption<String> LAKE_PATH = key("lake.path")
            .stringType()
            .noDefaultValue()
            .withDescription("Where the job also writes trades and final bars as Parquet, a Flink path"
                    + " (s3://bucket/lake on AWS, a directory locally); unset: no lake.");

    private BarsJobOptions() {}

    /** Every option above, in the order declared, by key. */
    public static Map<String, ConfigOption<?>> all() {
        return Declared.OPTIONS;
    }

    /** A value as it is written in a property group or a flag: durations as {@code 10s}, lists comma-separated. */
    public static String text(Object value) {
        if (value instanceof Duration d) {
            return WindowSizes.label(d.toMillis());
        }
        if (value instanceof List<?> list) {
            return list.stream().map(BarsJobOptions::text).collect(Collectors.joining(","));
        }
        return String.valueOf(value);
    }

    /** The settings {@code config} holds, as they are written: for a log line. */
    public static String describe(ReadableConfig config) {
        return all().values().stream()
                .flatMap(option -> config.getOptional(option).map(v -> option.key() + "=" + text(v)).stream())
                .collect(Collectors.joining(", "));
    }

    /** What an option's text is read as: one duration, a list of them, or whatever Flink reads. */
    enum Kind {
        DURATION,
        DURATIONS,
        FLINK
    }

    static Kind kind(ConfigOption<?> option) {
        return Declared.KINDS.get(option.key());
    }

    /** Found by reflection, so that declaring an option is all it takes (initialized after the constants). */
    private static final class Declared {
        static final Map<String, ConfigOption<?>> OPTIONS;
        static final Map<String, Kind> KINDS;

        static {
            Map<String, ConfigOption<?>> options = new LinkedHashMap<>();
            Map<String, Kind> kinds = new LinkedHashMap<>();
            List<Field> fields = new ArrayList<>();
            for (Field f : BarsJobOptions.class.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers()) && f.getType() == ConfigOption.class) {
                    fields.add(f);
                }
            }
            for (Field f : fields) {
                ConfigOption<?> option;
                try {
                    option = (ConfigOption<?>) f.get(null);
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
                if (options.put(option.key(), option) != null) {
                    throw new IllegalStateException("two options of key " + option.key());
                }
                kinds.put(option.key(), kindOf(((ParameterizedType) f.getGenericType()).getActualTypeArguments()[0]));
            }
            OPTIONS = Collections.unmodifiableMap(options);
            KINDS = Collections.unmodifiableMap(kinds);
        }

        private static Kind kindOf(Type valueType) {
            if (valueType == Duration.class) {
                return Kind.DURATION;
            }
            if (valueType instanceof ParameterizedType list
                    && list.getRawType() == List.class
                    && list.getActualTypeArguments()[0] == Duration.class) {
                return Kind.DURATIONS;
            }
            return Kind.FLINK;
        }
    }
}
