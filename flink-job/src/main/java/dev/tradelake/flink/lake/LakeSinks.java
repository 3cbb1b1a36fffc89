package dev.tradelake.flink.lake;

import dev.tradelake.model.Bar;
import dev.tradelake.model.LakeLayout;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.core.fs.Path;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.streaming.api.functions.sink.filesystem.BucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.OutputFileConfig;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.SimpleVersionedStringSerializer;
import org.apache.flink.streaming.api.functions.sink.filesystem.rollingpolicies.OnCheckpointRollingPolicy;

/**
 * The lake's two FileSinks: Parquet part files under {@code <lake>/trades/} and
 * {@code <lake>/bars/}, one directory per {@link LakeLayout#partition} and, per subtask, one file
 * per partition per checkpoint. Files are in progress (hidden, dot-named) until the checkpoint
 * that covers their rows completes, and only then renamed into place: a reader never sees a row
 * that a restart from the last checkpoint would write again. {@code lake} is a Flink path:
 * {@code s3://bucket/prefix} on AWS, {@code file:///...} or a plain directory locally.
 */
public final class LakeSinks {

    private LakeSinks() {}

    public static FileSink<LakeTradeRows> trades(String lake) {
        return sink(lake, LakeLayout.TRADES, LakeRows.TRADES, t -> t.symbol, LakeTradeRows::firstTimeMs);
    }

    /** Final bars only: each bar once, as it stands when no trade can change it any more. */
    public static FileSink<Bar> bars(String lake) {
        return sink(lake, LakeLayout.BARS, LakeRows.BARS, Bar::symbol, Bar::windowStartMs);
    }

    private static <T> FileSink<T> sink(
            String lake,
            String table,
            RowWriter<T> rows,
            SerializableFunction<T, String> symbol,
            SerializableToLong<T> timeMs) {
        return FileSink.forBulkFormat(new Path(new Path(lake), table), new ParquetBulkWriterFactory<>(rows))
                .withBucketAssigner(new PartitionAssigner<>(symbol, timeMs))
                .withRollingPolicy(OnCheckpointRollingPolicy.build())
                .withOutputFileConfig(OutputFileConfig.builder()
                        .withPartPrefix("part")
                        .withPartSuffix(".parquet")
                        .build())
                .build();
    }

    interface SerializableFunction<T, R> extends Function<T, R>, java.io.Serializable {}

    interface SerializableToLong<T> extends ToLongFunction<T>, java.io.Serializable {}

    /**
     * {@code dt=YYYY-MM-DD/symbol=XYZ} of the row's time (UTC) and symbol. Rows come in runs of
     * one symbol and day, so the last partition is kept and only a new (symbol, day) is formatted.
     */
    static final class PartitionAssigner<T> implements BucketAssigner<T, String> {
        private static final long serialVersionUID = 1L;
        private static final long DAY_MS = 86_400_000L;

        private final SerializableFunction<T, String> symbol;
        private final SerializableToLong<T> timeMs;
        private transient String lastSymbol;
        private transient long lastDay;
        private transient String lastPartition;

        PartitionAssigner(SerializableFunction<T, String> symbol, SerializableToLong<T> timeMs) {
            this.symbol = symbol;
            this.timeMs = timeMs;
        }

        @Override
        public String getBucketId(T row, Context context) {
            String s = symbol.apply(row);
            long t = timeMs.applyAsLong(row);
            long day = Math.floorDiv(t, DAY_MS);
            if (lastPartition == null || day != lastDay || !s.equals(lastSymbol)) {
                lastPartition = LakeLayout.partition(s, t);
                lastSymbol = s;
                lastDay = day;
            }
            return lastPartition;
        }

        @Override
        public SimpleVersionedSerializer<String> getSerializer() {
            return SimpleVersionedStringSerializer.INSTANCE;
        }
    }
}
