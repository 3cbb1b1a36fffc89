package dev.tradelake.flink;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.apache.flink.connector.kinesis.source.enumerator.KinesisShardAssigner;
import org.apache.flink.connector.kinesis.source.enumerator.assigner.ShardAssignerFactory;
import org.apache.flink.connector.kinesis.source.split.KinesisShardSplit;

/**
 * Gives a shard made by a reshard to the subtask that reads (or read) its parent, so that
 * {@link PacedShardReader} there can hold it back until the parent is read to its end; every other
 * shard goes where the connector's uniform assigner puts it (the subtask with the fewest shards).
 * After a merge the child follows its first parent found; the other parent, if another subtask
 * reads it, is not waited for.
 */
final class ParentFirstAssigner implements KinesisShardAssigner {
    private static final long serialVersionUID = 1L;

    private final KinesisShardAssigner uniform = ShardAssignerFactory.uniformShardAssigner();
    /** Built in the enumerator with its own stream proxy; the assigner is never shipped anywhere. */
    private final transient ShardParents parents;

    ParentFirstAssigner(ShardParents parents) {
        this.parents = parents;
    }

    @Override
    public int assign(KinesisShardSplit split, Context context) {
        List<String> parentIds = parents.of(split.getShardId());
        if (!parentIds.isEmpty()) {
            for (int subtask : context.getRegisteredReaders().keySet()) {
                if (holdsAny(context.getCurrentSplitAssignment().get(subtask), parentIds)
                        || holdsAny(context.getPendingSplitAssignments().get(subtask), parentIds)) {
                    return subtask;
                }
            }
        }
        return uniform.assign(split, context);
    }

    private static boolean holdsAny(Collection<KinesisShardSplit> splits, List<String> shardIds) {
        if (splits == null) {
            return false;
        }
        Set<String> wanted = Set.copyOf(shardIds);
        return splits.stream().anyMatch(s -> wanted.contains(s.getShardId()));
    }
}
