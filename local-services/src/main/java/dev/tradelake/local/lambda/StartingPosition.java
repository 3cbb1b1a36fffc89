package dev.tradelake.local.lambda;

/** Where a mapping starts reading each shard, as Lambda's {@code StartingPosition}. */
public enum StartingPosition {
    /** The oldest record the stream still holds. */
    TRIM_HORIZON,
    /** Only records put after the mapping started. */
    LATEST,
    /** The first record at or after {@code startingPositionTimestamp}. */
    AT_TIMESTAMP
}
