package dev.tradelake.launcher;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Reads a whole table with a parallel Scan: the export and the drained check need every item. */
final class TableScans {

    private static final int SEGMENTS = 4;

    private TableScans() {}

    static <T> List<T> scan(DynamoDbClient dynamo, String table, Function<Map<String, AttributeValue>, T> mapper) {
        ExecutorService pool = Executors.newFixedThreadPool(SEGMENTS);
        try {
            List<Future<List<T>>> segments = new ArrayList<>();
            for (int segment = 0; segment < SEGMENTS; segment++) {
                int s = segment;
                segments.add(pool.submit(() -> {
                    List<T> items = new ArrayList<>();
                    dynamo.scanPaginator(b -> b.tableName(table).segment(s).totalSegments(SEGMENTS))
                            .items()
                            .forEach(item -> items.add(mapper.apply(item)));
                    return items;
                }));
            }
            List<T> all = new ArrayList<>();
            for (Future<List<T>> segment : segments) {
                all.addAll(segment.get());
            }
            return Collections.unmodifiableList(all);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while scanning " + table, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "scanning " + table + " failed: " + e.getCause().getMessage(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }
}
