package dev.tradelake.lambda;

import dev.tradelake.model.TradesTable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/** Test helper: reads a whole trades table back. */
final class TradesTableContents {

    private TradesTableContents() {}

    /**
     * Every item, keyed by "symbol|sk" (the trade's identity, whichever shard holds it), with
     * {@code stored_ms} removed (it is the only attribute a rewrite changes); fails if one trade
     * was stored under two partition keys.
     */
    static Map<String, Map<String, AttributeValue>> itemsWithoutStoredMs(DynamoDbClient dynamo, String table) {
        Map<String, Map<String, AttributeValue>> items = new TreeMap<>();
        for (Map<String, AttributeValue> item : scan(dynamo, table, null, 1)) {
            Map<String, AttributeValue> copy = new HashMap<>(item);
            copy.remove(TradesTable.STORED_MS);
            String trade = item.get(TradesTable.SYMBOL).s() + "|"
                    + item.get(TradesTable.SORT_KEY).s();
            if (items.put(trade, copy) != null) {
                throw new AssertionError("trade stored twice: " + trade);
            }
        }
        return items;
    }

    /** Every item's {@code attributes} (all when null), read with a parallel scan of {@code segments} segments. */
    static List<Map<String, AttributeValue>> scan(
            DynamoDbClient dynamo, String table, List<String> attributes, int segments) {
        ExecutorService pool = Executors.newFixedThreadPool(segments);
        try {
            List<Future<List<Map<String, AttributeValue>>>> parts = new ArrayList<>();
            for (int s = 0; s < segments; s++) {
                int segment = s;
                parts.add(pool.submit(() -> scanSegment(dynamo, table, attributes, segment, segments)));
            }
            List<Map<String, AttributeValue>> all = new ArrayList<>();
            for (Future<List<Map<String, AttributeValue>>> part : parts) {
                all.addAll(part.get());
            }
            return all;
        } catch (Exception e) {
            throw new IllegalStateException("scan of " + table + " failed", e);
        } finally {
            pool.shutdown();
        }
    }

    private static List<Map<String, AttributeValue>> scanSegment(
            DynamoDbClient dynamo, String table, List<String> attributes, int segment, int segments) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            ScanRequest.Builder request = ScanRequest.builder().tableName(table).exclusiveStartKey(start);
            if (attributes != null) {
                Map<String, String> names = new HashMap<>();
                List<String> placeholders = new ArrayList<>();
                for (int i = 0; i < attributes.size(); i++) {
                    names.put("#a" + i, attributes.get(i));
                    placeholders.add("#a" + i);
                }
                request.projectionExpression(String.join(", ", placeholders)).expressionAttributeNames(names);
            }
            if (segments > 1) {
                request.segment(segment).totalSegments(segments);
            }
            ScanResponse response = dynamo.scan(request.build());
            items.addAll(response.items());
            start = response.hasLastEvaluatedKey()
                            && !response.lastEvaluatedKey().isEmpty()
                    ? response.lastEvaluatedKey()
                    : null;
        } while (start != null);
        return items;
    }
}
