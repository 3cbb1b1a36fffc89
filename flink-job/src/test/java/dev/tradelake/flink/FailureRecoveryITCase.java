package dev.tradelake.flink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tradelake.flink.testing.CollectedBars;
import dev.tradelake.flink.testing.InMemoryRecords;
import dev.tradelake.flink.testing.PlainBars;
import dev.tradelake.flink.testing.TradeRecords;
import dev.tradelake.model.Bar;
import dev.tradelake.model.Trade;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
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

    /** Shared with the operator instances, which run in this JVM. */
    private static final AtomicBoolean FAILED = new AtomicBoolean();
    private static final AtomicLong READ_AFTER_RESTART = new AtomicLong();

    /**
     * Passes record indexes through; in the first attempt it slows down until a checkpoint has
     * completed, then throws once, past the middle of its share of the stream.
     */
    static final class FailOnceAfterACheckpoint extends RichMapFunction<Long, Long> implements CheckpointListener {
        private static final long serialVersionUID = 1L;
        private final long failAtIndex;
        private transient boolean checkpointed;
        private transient int attempt;

        FailOnceAfterACheckpoint(long failAtIndex) {
            this.failAtIndex = failAtIndex;
        }

        @Override
        public void open(OpenContext context) {
            attempt = getRuntimeContext().getTaskInfo().getAttemptNumber();
        }

        @Override
        public Long map(Long index) throws Exception {
            if (attempt > 0) {
                READ_AFTER_RESTART.incrementAndGet();
                return index;
            }
            if (!checkpointed) {
                Thread.sleep(3); // give the first checkpoint time to complete mid-stream (about 1.5 s of records)
            } else if (index >= failAtIndex && FAILED.compareAndSet(false, true)) {
                throw new IllegalStateException("injected failure at record " + index);
            }
            return index;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            checkpointed = true;
        }
    }

    @Test
    void barsAfterARestartFromACheckpointEqualBarsWithoutFailure() throws Exception {
        List<Trade> trades = SyntheticTrades.generate(99, 50_000);
        List<byte[]> records = TradeRecords.pack(trades, 50);
        int n = records.size();

        Map<CollectedBars.Key, Bar> withoutFailure = run(records, false, n);
        Map<CollectedBars.Key, Bar> withFailure = run(records, true, n);

        assertThat(FAILED).as("the failure was injected").isTrue();
        assertThat(READ_AFTER_RESTART.get())
                .as("after the restart the source resumed from a checkpoint, not from the first record")
                .isPositive()
                .isLessThan(n);
        assertThat(withFailure.keySet()).isEqualTo(withoutFailure.keySet());
        assertThat(PlainBars.same(withFailure, withoutFailure)).isTrue();
        assertThat(PlainBars.same(withFailure, PlainBars.compute(records, WINDOWS))).isTrue();
    }

    private static Map<CollectedBars.Key, Bar> run(List<byte[]> records, boolean fail, int n) throws Exception {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 2);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(100));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        try (InMemoryRecords source = InMemoryRecords.of(records); CollectedBars sink = CollectedBars.create()) {
            // Each of the two source subtasks reads half of the indexes; fail three quarters into the first half.
            long failAt = n * 3L / 8;
            RecordSource failing = e -> source.lookUp(source.indexes(e)
                    .map(new FailOnceAfterACheckpoint(failAt)).name("fail-once").uid("fail-once"));
            new BarsJob(BarSettings.defaults().withWindows(WINDOWS), fail ? failing : source, sink)
                    .withCheckpointInterval(100)
                    .execute(env);
            return sink.latest();
        }
    }
}
