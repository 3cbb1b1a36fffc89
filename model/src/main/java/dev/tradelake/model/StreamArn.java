package dev.tradelake.model;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Kinesis stream's ARN, {@code arn:<partition>:kinesis:<region>:<account>:stream/<name>}: the one
 * place it is built from its parts and taken apart. The Flink job addresses its stream by ARN (the
 * connector's source does); Terraform passes the real one, local runs build one with {@link #of}.
 */
public record StreamArn(String partition, String region, String account, String streamName) {

    private static final Pattern ARN =
            Pattern.compile("arn:(aws[a-z-]*):kinesis:([a-z0-9-]+):(\\d{12}):stream/([A-Za-z0-9_.-]{1,128})");

    public StreamArn {
        if (!ARN.matcher(text(partition, region, account, streamName)).matches()) {
            throw new IllegalArgumentException(
                    "not a Kinesis stream ARN: '" + text(partition, region, account, streamName) + "'");
        }
    }

    /** The ARN of stream {@code streamName} of {@code account} in {@code region}, in the standard partition. */
    public static StreamArn of(String region, String account, String streamName) {
        return new StreamArn("aws", region, account, streamName);
    }

    /** Parses {@code arn:aws:kinesis:us-east-1:123456789012:stream/trades}; anything else is refused, quoting it. */
    public static StreamArn parse(String text) {
        Matcher m = ARN.matcher(text == null ? "" : text);
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "not a Kinesis stream ARN (arn:aws:kinesis:REGION:ACCOUNT:stream/NAME): '" + text + "'");
        }
        return new StreamArn(m.group(1), m.group(2), m.group(3), m.group(4));
    }

    @Override
    public String toString() {
        return text(partition, region, account, streamName);
    }

    private static String text(String partition, String region, String account, String streamName) {
        return "arn:" + partition + ":kinesis:" + region + ":" + account + ":stream/" + streamName;
    }
}
