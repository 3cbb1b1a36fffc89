package dev.tradelake.flink;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.connector.kinesis.source.proxy.StreamProxy;
import org.apache.flink.kinesis.shaded.software.amazon.awssdk.services.kinesis.model.Shard;

/**
 * The parents of each shard of the stream (one after a split, two after a merge), from
 * {@code ListShards}: listed again only when a shard not seen before turns up. A shard the
 * stream no longer lists (past its retention) has no parents to wait for.
 */
final class ShardParents {
    private final StreamProxy kinesis;
    private final String streamArn;
    private final Map<String, List<String>> parents = new ConcurrentHashMap<>();

    ShardParents(StreamProxy kinesis, String streamArn) {
        this.kinesis = kinesis;
        this.streamArn = streamArn;
    }

    List<String> of(String shardId) {
        List<String> known = parents.get(shardId);
        if (known == null) {
            for (Shard shard : kinesis.listShards(streamArn, null)) {
                List<String> ids = new ArrayList<>(2);
                if (shard.parentShardId() != null) {
                    ids.add(shard.parentShardId());
                }
                if (shard.adjacentParentShardId() != null) {
                    ids.add(shard.adjacentParentShardId());
                }
                parents.put(shard.shardId(), List.copyOf(ids));
            }
            known = parents.computeIfAbsent(shardId, id -> List.of());
        }
        return known;
    }
}
