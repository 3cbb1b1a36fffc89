package dev.tradelake.flink;

import org.apache.flink.metrics.MetricGroup;

/**
 * The job's own metrics: their names, and the group that makes Managed Flink publish them to
 * CloudWatch (namespace {@code AWS/KinesisAnalytics}, with the application's
 * {@code metrics_level = "OPERATOR"}). Terraform's alarms ({@code terraform/flink-alarms.tf}) name
 * the same metrics; a test in the launcher module checks that they do.
 */
public final class BarsMetrics {
    /** Managed Flink publishes the custom metrics registered under this group, and only those. */
    public static final String MANAGED_FLINK_GROUP = "kinesisanalytics";

    /** Kinesis records whose payload could not be decoded at all (every trade in them lost for the bars). */
    public static final String RECORDS_REJECTED = "recordsRejected";
    /** Trades refused by the trade rules, with a reason (also counted per reason in the group {@code rejected}). */
    public static final String TRADES_REJECTED = "tradesRejected";
    /** Trades that came after their bar's allowed lateness: still stored as trades, no longer in the bar. */
    public static final String LATE_TRADES = "lateTrades";
    /** Trades dropped because the same trade id was already counted (a record delivered twice). */
    public static final String DUPLICATE_TRADES = "duplicateTrades";
    /**
     * Bar writes the SDK sent again after a throttle or a server error (each repeat counts once),
     * whether the write then succeeded or, its retries exhausted, failed the job.
     */
    public static final String BAR_WRITE_RETRIES = "barWriteRetries";

    private BarsMetrics() {}

    /** The group to register the job's metrics in, under an operator's (or sink writer's) group. */
    public static MetricGroup group(MetricGroup operatorGroup) {
        return operatorGroup.addGroup(MANAGED_FLINK_GROUP);
    }
}
