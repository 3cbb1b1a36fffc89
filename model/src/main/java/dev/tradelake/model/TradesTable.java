package dev.tradelake.model;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * The DynamoDB trades table: one item per trade. Terraform, the Lambda, the local set-up and the
 * query command all take the names from here (a test checks the Terraform files against them).
 *
 * <pre>
 * symbol (S, partition key: {@link #partitionKey(TradeId)}, "SPY#3")  sk (S, sort key: {@link TradeId#sortKey()})
 * trade_id (S)  t (N, epoch ms)  price (N)  volume (N)  conditions (L of S)
 * ingest_ms (N)  stored_ms (N)  expires_at (N, epoch seconds, optional: DynamoDB TTL)
 * ticker (S, the plain symbol, "SPY")
 * </pre>
 *
 * <p>One partition key value takes about 1,000 writes/s on AWS, so a symbol's trades are spread
 * over {@link #WRITE_SHARDS} keys, {@code <symbol>#<shard>}, the shard a hash of the trade id: a
 * re-delivered trade lands on the same key and sort key and overwrites itself. Reading a symbol
 * means one Query per key of {@link #partitionKeys(String)}, merged by sort key (the launcher's
 * {@code TradeReader}). The attribute keeps the name {@code symbol} so the table's key schema, and
 * the Terraform resource, stay as they were; see the README's "Hot symbols" for the migration.
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
    /** The plain symbol: the partition key holds the symbol and its shard. */
    public static final String SYMBOL = "ticker";

    /**
     * Partition keys per symbol: 8 x ~1,000 writes/s, headroom over the 5,000 trades/s of a hot
     * symbol even when the hash deals one key a little more than its eighth. Changing it needs the
     * migration the README describes: readers must query every key any writer used.
     */
    public static final int WRITE_SHARDS = 8;

    private TradesTable() {}

    /** The partition key of a trade's item: {@code SPY#3}. */
    public static String partitionKey(TradeId id) {
        return partitionKey(id.symbol(), shard(id));
    }

    /** Every partition key that may hold a trade of {@code symbol}, shard 0 first. */
    public static List<String> partitionKeys(String symbol) {
        List<String> keys = new ArrayList<>(WRITE_SHARDS);
        for (int shard = 0; shard < WRITE_SHARDS; shard++) {
            keys.add(partitionKey(symbol, shard));
        }
        return keys;
    }

    /**
     * The shard of a trade, 0 to {@link #WRITE_SHARDS} - 1: murmur3's 32-bit finalizer over the
     * CRC-32 of the UTF-8 {@code trade_id} ({@link TradeId#toString()}), so any language can
     * recompute it from a stored item. CRC-32 alone differs in few low bits between ids one
     * millisecond apart; the finalizer spreads every input bit over the result.
     */
    public static int shard(TradeId id) {
        CRC32 crc = new CRC32();
        crc.update(id.toString().getBytes(StandardCharsets.UTF_8));
        int h = (int) crc.getValue();
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return Math.floorMod(h, WRITE_SHARDS);
    }

    /** The symbol of a partition key: everything before its last '#' (a symbol may hold '#' itself). */
    public static String symbolOf(String partitionKey) {
        int hash = partitionKey.lastIndexOf('#');
        if (hash < 0) {
            throw new IllegalArgumentException("not a trades partition key: " + partitionKey);
        }
        return partitionKey.substring(0, hash);
    }

    private static String partitionKey(String symbol, int shard) {
        return symbol + '#' + shard;
    }
}
