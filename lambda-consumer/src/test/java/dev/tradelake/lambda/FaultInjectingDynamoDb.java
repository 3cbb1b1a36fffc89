package dev.tradelake.lambda;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Predicate;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Test double around a real (or in-memory) client: decides per BatchWriteItem call whether to fail
 * it, to leave part of it unprocessed, or to pass it on.
 */
final class FaultInjectingDynamoDb implements DynamoDbClient {

    /** What happens to one call. */
    sealed interface Fault {
        Fault NONE = new None();

        record None() implements Fault {}

        /** The call throws this, and nothing is written. */
        record Throw(RuntimeException error) implements Fault {}

        /** The first {@code written} items are written; the others come back as UnprocessedItems. */
        record Unprocessed(int written) implements Fault {}

        /** The items that match come back as UnprocessedItems; the others are written. */
        record UnprocessedMatching(Predicate<Map<String, AttributeValue>> matches) implements Fault {}

        /** DynamoDB's answer to an item it will never store: the whole call fails with a ValidationException. */
        record RefuseMatching(Predicate<Map<String, AttributeValue>> matches) implements Fault {}

        static Fault throttled() {
            return new Throw(ProvisionedThroughputExceededException.builder()
                    .message("The level of configured provisioned throughput for the table was exceeded")
                    .statusCode(400)
                    .build());
        }
    }

    private final DynamoDbClient delegate;
    /** (1-based call number, request) to the fault of that call. */
    private final BiFunction<Integer, BatchWriteItemRequest, Fault> faults;

    private final AtomicInteger calls = new AtomicInteger();
    private final AtomicInteger faulted = new AtomicInteger();

    FaultInjectingDynamoDb(DynamoDbClient delegate, BiFunction<Integer, BatchWriteItemRequest, Fault> faults) {
        this.delegate = delegate;
        this.faults = faults;
    }

    /** Every call of number {@code 1..n} gets {@code fault}; later calls pass. */
    static FaultInjectingDynamoDb firstCalls(DynamoDbClient delegate, int n, Fault fault) {
        return new FaultInjectingDynamoDb(delegate, (call, request) -> call <= n ? fault : Fault.NONE);
    }

    int calls() {
        return calls.get();
    }

    int faulted() {
        return faulted.get();
    }

    @Override
    public BatchWriteItemResponse batchWriteItem(BatchWriteItemRequest request) {
        Fault fault = faults.apply(calls.incrementAndGet(), request);
        if (fault instanceof Fault.Throw t) {
            faulted.incrementAndGet();
            throw t.error();
        }
        if (fault instanceof Fault.Unprocessed u) {
            String table = request.requestItems().keySet().iterator().next();
            List<WriteRequest> all = request.requestItems().get(table);
            if (u.written() < all.size()) {
                faulted.incrementAndGet();
                List<WriteRequest> written = new ArrayList<>(all.subList(0, u.written()));
                if (!written.isEmpty()) {
                    delegate.batchWriteItem(b -> b.requestItems(Map.of(table, written)));
                }
                List<WriteRequest> left = new ArrayList<>(all.subList(u.written(), all.size()));
                return BatchWriteItemResponse.builder()
                        .unprocessedItems(Map.of(table, left))
                        .build();
            }
        }
        if (fault instanceof Fault.RefuseMatching r) {
            String table = request.requestItems().keySet().iterator().next();
            if (request.requestItems().get(table).stream()
                    .anyMatch(w -> r.matches().test(w.putRequest().item()))) {
                faulted.incrementAndGet();
                throw (DynamoDbException) DynamoDbException.builder()
                        .statusCode(400)
                        .message("One or more parameter values were invalid")
                        .awsErrorDetails(AwsErrorDetails.builder()
                                .errorCode("ValidationException")
                                .errorMessage("One or more parameter values were invalid")
                                .build())
                        .build();
            }
        }
        if (fault instanceof Fault.UnprocessedMatching u) {
            String table = request.requestItems().keySet().iterator().next();
            List<WriteRequest> written = new ArrayList<>();
            List<WriteRequest> left = new ArrayList<>();
            for (WriteRequest w : request.requestItems().get(table)) {
                (u.matches().test(w.putRequest().item()) ? left : written).add(w);
            }
            if (!written.isEmpty()) {
                delegate.batchWriteItem(b -> b.requestItems(Map.of(table, written)));
            }
            if (!left.isEmpty()) {
                faulted.incrementAndGet();
            }
            return BatchWriteItemResponse.builder()
                    .unprocessedItems(left.isEmpty() ? Map.of() : Map.of(table, left))
                    .build();
        }
        return delegate.batchWriteItem(request);
    }

    @Override
    public String serviceName() {
        return delegate.serviceName();
    }

    @Override
    public void close() {}
}
