package dev.tradelake.launcher.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/** Fills a table with prepared items, 25 per BatchWriteItem, for benchmarks and tests that need a stocked table. */
public final class BatchLoad {

    private static final int BATCH = 25;
    private static final int MAX_ATTEMPTS = 20;

    private BatchLoad() {}

    /** Writes every item; unprocessed items are sent again, a little later each time. */
    public static void write(DynamoDbClient dynamo, String table, List<Map<String, AttributeValue>> items) {
        for (int i = 0; i < items.size(); i += BATCH) {
            List<WriteRequest> requests = new ArrayList<>(BATCH);
            for (Map<String, AttributeValue> item : items.subList(i, Math.min(items.size(), i + BATCH))) {
                requests.add(WriteRequest.builder()
                        .putRequest(PutRequest.builder().item(item).build())
                        .build());
            }
            for (int attempt = 1; !requests.isEmpty(); attempt++) {
                if (attempt > MAX_ATTEMPTS) {
                    throw new IllegalStateException(requests.size() + " items still unprocessed after " + MAX_ATTEMPTS
                            + " attempts to write to " + table);
                }
                if (attempt > 1) {
                    pause(10L * attempt);
                }
                List<WriteRequest> batch = requests;
                requests = dynamo.batchWriteItem(b -> b.requestItems(Map.of(table, batch)))
                        .unprocessedItems()
                        .getOrDefault(table, List.of());
            }
        }
    }

    private static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while loading", e);
        }
    }
}
