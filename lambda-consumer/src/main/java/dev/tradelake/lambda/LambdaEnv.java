package dev.tradelake.lambda;

/**
 * The Lambda's environment variables: the only place their names are written in Java.
 * Terraform sets the same names (a test in the launcher module checks that it does).
 */
public final class LambdaEnv {
    /** Required: the DynamoDB trades table. */
    public static final String TRADES_TABLE = "TRADES_TABLE";
    /** SQS queue URL for records whose content is invalid. One of this or {@link #DEAD_LETTER_FILE} is required. */
    public static final String DEAD_LETTER_QUEUE_URL = "DEAD_LETTER_QUEUE_URL";
    /** Local runs: a JSON-lines file for records whose content is invalid. */
    public static final String DEAD_LETTER_FILE = "DEAD_LETTER_FILE";
    /** Optional: days until a stored trade expires (DynamoDB TTL); 0 or absent keeps trades forever. */
    public static final String TRADE_TTL_DAYS = "TRADE_TTL_DAYS";
    /**
     * Optional: attempts per BatchWriteItem before a record is reported as failed; 0 or absent (the
     * default) retries until the invocation's timeout is nearly up.
     */
    public static final String WRITE_MAX_ATTEMPTS = "WRITE_MAX_ATTEMPTS";
    /**
     * Optional: BatchWriteItem calls in flight per invocation (default 4). Each call waits on the network
     * for most of its time, so a few in parallel multiply the rate a single invocation can store.
     */
    public static final String WRITE_CONCURRENCY = "WRITE_CONCURRENCY";
    /** Optional, local runs only: endpoint overrides. */
    public static final String DYNAMODB_ENDPOINT = "DYNAMODB_ENDPOINT";

    public static final String SQS_ENDPOINT = "SQS_ENDPOINT";

    private LambdaEnv() {}
}
