package dev.tradelake.model;

/**
 * The DynamoDB trades table: one item per trade. Terraform, the Lambda, the local set-up and the
 * query command all take the names from here (a test checks the Terraform files against them).
 *
 * <pre>
 * symbol (S, partition key)  sk (S, sort key: {@link TradeId#sortKey()})
 * trade_id (S)  t (N, epoch ms)  price (N)  volume (N)  conditions (L of S)
 * ingest_ms (N)  stored_ms (N)  expires_at (N, epoch seconds, optional: DynamoDB TTL)
 * </pre>
 *
 * <p>{@code price} and {@code volume} are the decimals the feed sent, never through a binary
 * double: a {@code 1e-8} volume is stored as {@code 0.00000001} ({@link Decimals#text}).
 */
public final class TradesTable {
    public static final String PARTITION_KEY = "symbol";
    public static final String SORT_KEY = "sk";
    public static final String TRADE_ID = "trade_id";
    public static final String TIME = "t";
    public static final String PRICE = "price";
    public static final String VOLUME = "volume";
    public static final String CONDITIONS = "conditions";
    public static final String INGEST_MS = "ingest_ms";
    public static final String STORED_MS = "stored_ms";
    public static final String EXPIRES_AT = "expires_at";

    private TradesTable() {
    }
}
