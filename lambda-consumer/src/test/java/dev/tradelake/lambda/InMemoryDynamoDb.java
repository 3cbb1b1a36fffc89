package dev.tradelake.lambda;

import dev.tradelake.model.TradesTable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Test double: a trades table in memory behind BatchWriteItem, refusing what DynamoDB refuses
 * (more than 25 items, two items with one key, an unknown table) the way DynamoDB does.
 */
final class InMemoryDynamoDb implements DynamoDbClient {

    private final String table;
    private final Map<String, Map<String, AttributeValue>> items = new ConcurrentHashMap<>();

    InMemoryDynamoDb(String table) {
        this.table = table;
    }

    /**
     * The stored items by "symbol|sk" (the trade's identity, whichever shard holds it), sorted;
     * fails if one trade was stored under two keys.
     */
    Map<String, Map<String, AttributeValue>> items() {
        Map<String, Map<String, AttributeValue>> byTrade = new TreeMap<>();
        for (Map<String, AttributeValue> item : items.values()) {
            String trade = item.get(TradesTable.SYMBOL).s() + "|"
                    + item.get(TradesTable.SORT_KEY).s();
            if (byTrade.put(trade, item) != null) {
                throw new AssertionError("trade stored twice: " + trade);
            }
        }
        return byTrade;
    }

    @Override
    public BatchWriteItemResponse batchWriteItem(BatchWriteItemRequest request) {
        if (!request.requestItems().keySet().equals(Set.of(table))) {
            throw ResourceNotFoundException.builder()
                    .message("Requested resource not found")
                    .statusCode(400)
                    .build();
        }
        List<WriteRequest> writes = request.requestItems().get(table);
        if (writes.isEmpty() || writes.size() > 25) {
            throw validation("Too many items requested for the BatchWriteItem call");
        }
        Set<String> keys = new HashSet<>();
        List<Map<String, AttributeValue>> puts = new ArrayList<>();
        for (WriteRequest write : writes) {
            Map<String, AttributeValue> item = write.putRequest().item();
            if (!keys.add(key(item))) {
                throw validation("Provided list of item keys contains duplicates");
            }
            for (AttributeValue value : item.values()) {
                if (value.n() != null && !inDynamoDbRange(new java.math.BigDecimal(value.n()))) {
                    throw validation(
                            "Number overflow. Attempting to store a number with magnitude larger than supported range");
                }
            }
            puts.add(item);
        }
        for (Map<String, AttributeValue> item : puts) {
            items.put(key(item), Map.copyOf(item));
        }
        return BatchWriteItemResponse.builder().unprocessedItems(Map.of()).build();
    }

    static String key(Map<String, AttributeValue> item) {
        return item.get(TradesTable.PARTITION_KEY).s() + "|"
                + item.get(TradesTable.SORT_KEY).s();
    }

    /** DynamoDB numbers: up to 38 significant digits, magnitude from 1e-130 to below 1e126. */
    private static boolean inDynamoDbRange(java.math.BigDecimal n) {
        java.math.BigDecimal abs = n.abs();
        return abs.signum() == 0
                || (n.precision() <= 38
                        && abs.compareTo(new java.math.BigDecimal("1e126")) < 0
                        && abs.compareTo(new java.math.BigDecimal("1e-130")) >= 0);
    }

    private static DynamoDbException validation(String message) {
        return (DynamoDbException) DynamoDbException.builder()
                .message(message)
                .statusCode(400)
                .awsErrorDetails(software.amazon.awssdk.awscore.exception.AwsErrorDetails.builder()
                        .errorCode("ValidationException")
                        .errorMessage(message)
                        .build())
                .build();
    }

    @Override
    public String serviceName() {
        return "dynamodb";
    }

    @Override
    public void close() {}
}
