package dev.tradelake.flink.testing;

import dev.tradelake.flink.RecordSource;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;

/**
 * A crash in the middle of a stream, after a checkpoint: passes record indexes through; in the
 * first attempt it slows down until a checkpoint has completed, then throws once, at or past
 * {@code failAtIndex}. What happened is kept in this JVM (the operator instances run here), for
 * the test to assert on; {@link #reset} before each job.
 */
public final class FailOnceAfterACheckpoint extends RichMapFunction<Long, Long> implements CheckpointListener {
    private static final long serialVersionUID = 1L;

    private static final AtomicBoolean FAILED = new AtomicBoolean();
    private static final AtomicLong READ_AFTER_RESTART = new AtomicLong();

    private final long failAtIndex;
    private transient boolean checkpointed;
    private transient int attempt;

    private FailOnceAfterACheckpoint(long failAtIndex) {
        this.failAtIndex = failAtIndex;
    }

    /** {@code source}, failing once past {@code failAtIndex} (each subtask reads its share of the indexes). */
    public static RecordSource around(InMemoryRecords source, long failAtIndex) {
        return env -> source.lookUp(source.indexes(env)
                .map(new FailOnceAfterACheckpoint(failAtIndex))
                .name("fail-once")
                .uid("fail-once"));
    }

    /** A job configuration that restarts after the failure, from the last checkpoint. */
    public static Configuration restartingConfiguration() {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 2);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(100));
        return conf;
    }

    public static void reset() {
        FAILED.set(false);
        READ_AFTER_RESTART.set(0);
    }

    /** Whether the failure was injected. */
    public static boolean failed() {
        return FAILED.get();
    }

    /** Records read by the restarted attempt: fewer than all of them when it resumed from a checkpoint. */
    public static long readAfterRestart() {
        return READ_AFTER_RESTART.get();
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
