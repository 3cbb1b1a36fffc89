package dev.tradelake.flink.testing;

import dev.tradelake.model.Bar;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;

/**
 * A bar sink into this JVM's memory that behaves like the bars table: per (symbol, window size,
 * window start) a bar replaces the stored one only when it {@link Bar#supersedes} it, so
 * re-emitted bars and replays after a restart overwrite themselves and never go backwards. For tests, benchmarks and in-process runs on a MiniCluster.
 */
public final class CollectedBars implements Sink<Bar>, AutoCloseable {
    private static final long serialVersionUID = 1L;

    /** The bars table's key. */
    public record Key(String symbol, long windowMs, long windowStartMs) {
        public static Key of(Bar bar) {
            return new Key(bar.symbol(), bar.windowMs(), bar.windowStartMs());
        }
    }

    private static final class Store {
        final Map<Key, Bar> latest = new ConcurrentHashMap<>();
        final AtomicLong writes = new AtomicLong();
    }

    private static final Map<String, Store> STORES = new ConcurrentHashMap<>();

    private final String id;

    private CollectedBars(String id) {
        this.id = id;
    }

    public static CollectedBars create() {
        String id = UUID.randomUUID().toString();
        STORES.put(id, new Store());
        return new CollectedBars(id);
    }

    /** The fullest bar per key, as the bars table would hold them. */
    public Map<Key, Bar> latest() {
        return Map.copyOf(store().latest);
    }

    /** Bars written, re-emissions included. */
    public long writes() {
        return store().writes.get();
    }

    private Store store() {
        Store store = STORES.get(id);
        if (store == null) {
            throw new IllegalStateException("collected bars " + id + " are closed or live in another JVM");
        }
        return store;
    }

    @Override
    @SuppressWarnings("deprecation") // Flink 1.19 still requires this overload
    public SinkWriter<Bar> createWriter(InitContext context) {
        Store store = store();
        return new SinkWriter<>() {
            @Override
            public void write(Bar bar, Context ctx) {
                store.latest.merge(Key.of(bar), bar, (stored, fresh) -> fresh.supersedes(stored) ? fresh : stored);
                store.writes.incrementAndGet();
            }

            @Override
            public void flush(boolean endOfInput) {}

            @Override
            public void close() {}
        };
    }

    @Override
    public void close() {
        STORES.remove(id);
    }
}
