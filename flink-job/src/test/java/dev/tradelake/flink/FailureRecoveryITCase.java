package dev.tradelake.flink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tradelake.flink.testing.CollectedBars;
import dev.tradelake.flink.testing.FailOnceAfterACheckpoint;
import dev.tradelake.flink.testing.InMemoryRecords;
import dev.tradelake.flink.testing.PlainBars;
import dev.tradelake.flink.testing.TestBarSettings;
import dev.tradelake.flink.testing.TradeRecords;
import dev.tradelake.model.Bar;
import dev.tradelake.model.Trade;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A failure in the middle of the stream, after a checkpoint: the job restarts from that
 * checkpoint (not from the beginning) and the bars end up exactly as without the failure.
 */
class FailureRecoveryITCase {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = MiniClusters.parallelismTwo();

    private static final List<Long> WINDOWS = List.of(1_000L, 60_000L);

    @Test
    void barsAfterARestartFromACheckpointEqualBarsWithoutFailure() throws Exception {
        List<Trade> trades = SyntheticTrades.generate(99, 50_000);
        List<byte[]> records = TradeRecords.pack(trades, 50);
        int n = records.size();

        Map<CollectedBars.Key, Bar> withoutFailure = run(records, false, n);
        FailOnceAfterACheckpoint.reset();
        Map<CollectedBars.Key, Bar> withFailure = run(records, true, n);

        assertThat(FailOnceAfterACheckpoint.failed())
                .as("the failure was injected")
                .isTrue();
        assertThat(FailOnceAfterACheckpoint.readAfterRestart())
                .as("after the restart the source resumed from a checkpoint, not from the first record")
                .isPositive()
                .isLessThan(n);
        assertThat(withFailure.keySet()).isEqualTo(withoutFailure.keySet());
        assertThat(PlainBars.same(withFailure, withoutFailure)).isTrue();
        assertThat(PlainBars.same(withFailure, PlainBars.compute(records, WINDOWS)))
                .isTrue();
    }

    private static Map<CollectedBars.Key, Bar> run(List<byte[]> records, boolean fail, int n) throws Exception {
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(FailOnceAfterACheckpoint.restartingConfiguration());
        try (InMemoryRecords source = InMemoryRecords.of(records);
                CollectedBars sink = CollectedBars.create()) {
            // Each of the two source subtasks reads half of the indexes; fail three quarters into the first half.
            long failAt = n * 3L / 8;
            RecordSource failing = FailOnceAfterACheckpoint.around(source, failAt);
            new BarsJob(TestBarSettings.windows(WINDOWS), fail ? failing : source, sink)
                    .withCheckpointInterval(100)
                    .execute(env);
            return sink.latest();
        }
    }
}
