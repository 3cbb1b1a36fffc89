package dev.tradelake.flink;

/**
 * The Flink job's configuration keys: the only place their names are written in Java.
 * On Managed Flink they come from the runtime property group {@link #GROUP}; elsewhere from a
 * properties file or {@code --key value} flags. Terraform sets the same names (a test in the
 * launcher module checks that it does).
 */
public final class JobProperties {
    /** The Managed Flink runtime property group that holds every key below. */
    public static final String GROUP = "TradeLake";

    /** Required: the ARN of the Kinesis stream of trade records ({@code arn:aws:kinesis:REGION:ACCOUNT:stream/NAME}). */
    public static final String STREAM_ARN = "stream.arn";
    /** Where a job without state starts: LATEST (default), TRIM_HORIZON or AT_TIMESTAMP. */
    public static final String STREAM_INITIAL_POSITION = "stream.initial-position";
    /** With AT_TIMESTAMP only: the instant to start reading at, ISO-8601 such as {@code 2026-11-30T14:00:00Z}. */
    public static final String STREAM_INITIAL_TIMESTAMP = "stream.initial-timestamp";
    /**
     * How often each shard is polled, in ms (default 1000). A shard serves 5 GetRecords calls/s to
     * all its consumers together, and the Lambda's event source mapping takes about one a second;
     * the 4.3.0 connector's reader, left alone, would call again as soon as a call returns.
     */
    public static final String STREAM_POLL_INTERVAL_MS = "stream.poll-interval-ms";
    /**
     * How the source reads its shards: {@code polling} (default; GetRecords, sharing each shard's
     * 2 MB/s with its other readers) or {@code efo} (enhanced fan-out: SubscribeToShard through the
     * stream consumer {@link #STREAM_EFO_CONSUMER}, 2 MB/s per shard of its own, pushed within ~70 ms).
     */
    public static final String STREAM_READER = "stream.reader";
    /**
     * With {@code stream.reader=efo}: the stream consumer's name (default {@code tradelake-bars}).
     * The job registers it if it does not exist and never deregisters it (on AWS Terraform owns it).
     */
    public static final String STREAM_EFO_CONSUMER = "stream.efo-consumer";
    /** Required: the DynamoDB bars table. */
    public static final String BARS_TABLE = "bars.table";
    /** Comma-separated window sizes, such as {@code 1s,1m,5m} (default {@code 1m}). */
    public static final String BARS_WINDOWS = "bars.windows";
    /** How late a trade may be and still update its bar (default 60000). */
    public static final String BARS_ALLOWED_LATENESS_MS = "bars.allowed-lateness-ms";
    /** Bounded out-of-orderness of trade times (default 5000). */
    public static final String WATERMARK_OUT_OF_ORDERNESS_MS = "watermark.out-of-orderness-ms";
    /** After this long without a trade, open windows are closed so the last bar is written (default 10000). */
    public static final String BARS_CLOSE_AFTER_QUIET_MS = "bars.close-after-quiet-ms";
    /**
     * How long a symbol (and so a quiet shard) or a whole subtask may stay without trades before it stops
     * holding the watermark back (default 10000).
     */
    public static final String WATERMARK_IDLENESS_MS = "watermark.idleness-ms";
    /**
     * Checkpoint interval outside Managed Flink (default 10000); on Managed Flink the service's
     * checkpoint configuration applies and this key is ignored.
     */
    public static final String CHECKPOINT_INTERVAL_MS = "checkpoint.interval-ms";
    /** Optional: AWS region (default: the environment's). */
    public static final String AWS_REGION = "aws.region";
    /** Optional, local runs only: endpoint overrides. */
    public static final String KINESIS_ENDPOINT = "kinesis.endpoint";

    public static final String DYNAMODB_ENDPOINT = "dynamodb.endpoint";
    /**
     * Where the job also writes trades and final bars as Parquet (optional: no lake without it),
     * a Flink path: {@code s3://bucket/lake} on AWS, a directory locally.
     */
    public static final String LAKE_PATH = "lake.path";

    private JobProperties() {}
}
