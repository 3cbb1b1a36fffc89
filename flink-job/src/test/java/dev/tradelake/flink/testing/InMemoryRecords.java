package dev.tradelake.flink.testing;

import dev.tradelake.flink.RecordSource;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * A bounded, checkpointed source of records held in this JVM, for tests, benchmarks and in-process
 * runs on a MiniCluster. It is {@code env.fromSequence} (a FLIP-27 source whose splits remember
 * their position, so a restart resumes from the last checkpoint) mapped to the records by index:
 * only the index travels with the job graph, not the records, so millions of trades cost nothing
 * to submit. It therefore works only where the job runs in the JVM that registered the records.
 */
public final class InMemoryRecords implements RecordSource, AutoCloseable {

    private static final Map<String, List<byte[]>> REGISTRY = new ConcurrentHashMap<>();

    private final String id;
    private final int size;

    private InMemoryRecords(String id, int size) {
        this.id = id;
        this.size = size;
    }

    /** Registers {@code records} (not copied; do not change them) until {@link #close()}. */
    public static InMemoryRecords of(List<byte[]> records) {
        if (records.isEmpty()) {
            throw new IllegalArgumentException("no records");
        }
        String id = UUID.randomUUID().toString();
        REGISTRY.put(id, List.copyOf(records));
        return new InMemoryRecords(id, records.size());
    }

    public int size() {
        return size;
    }

    @Override
    public DataStream<byte[]> addTo(StreamExecutionEnvironment env) {
        return lookUp(indexes(env));
    }

    /** The record indexes 0 .. size-1, split evenly over the source's subtasks. */
    public DataStream<Long> indexes(StreamExecutionEnvironment env) {
        return env.fromSequence(0, size - 1).name("in-memory-record-index").uid("in-memory-record-index");
    }

    /** Turns indexes into the records; tests put their own operators between the two. */
    public DataStream<byte[]> lookUp(DataStream<Long> indexes) {
        return indexes.map(new LookUp(id)).name("in-memory-records").uid("in-memory-records");
    }

    @Override
    public void close() {
        REGISTRY.remove(id);
    }

    private static final class LookUp implements MapFunction<Long, byte[]> {
        private static final long serialVersionUID = 1L;
        private final String id;
        private transient List<byte[]> records;

        LookUp(String id) {
            this.id = id;
        }

        @Override
        public byte[] map(Long index) {
            if (records == null) {
                records = REGISTRY.get(id);
                if (records == null) {
                    throw new IllegalStateException("in-memory records " + id
                            + " are not registered in this JVM (closed, or the job runs elsewhere)");
                }
            }
            return records.get(index.intValue());
        }
    }
}
