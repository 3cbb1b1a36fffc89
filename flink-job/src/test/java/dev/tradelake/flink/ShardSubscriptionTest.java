package dev.tradelake.flink;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.apache.flink.connector.kinesis.source.split.StartingPosition;
import org.apache.flink.kinesis.shaded.software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import org.junit.jupiter.api.Test;

/** A split's checkpointed position becomes the same position for SubscribeToShard as for GetShardIterator. */
class ShardSubscriptionTest {

    @Test
    void aSplitsPositionIsWhereTheSubscriptionStarts() {
        var after = ShardSubscription.sdkPosition(StartingPosition.continueFromSequenceNumber("4968"));
        assertThat(after.type()).isEqualTo(ShardIteratorType.AFTER_SEQUENCE_NUMBER);
        assertThat(after.sequenceNumber()).isEqualTo("4968");

        var start = ShardSubscription.sdkPosition(StartingPosition.fromStart());
        assertThat(start.type()).isEqualTo(ShardIteratorType.TRIM_HORIZON);
        assertThat(start.sequenceNumber()).isNull();

        Instant at = Instant.parse("2026-11-30T14:00:00Z");
        var timestamp = ShardSubscription.sdkPosition(StartingPosition.fromTimestamp(at));
        assertThat(timestamp.type()).isEqualTo(ShardIteratorType.AT_TIMESTAMP);
        assertThat(timestamp.timestamp()).isEqualTo(at);
    }
}
