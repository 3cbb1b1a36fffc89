package dev.tradelake.launcher.bench;

import dev.tradelake.lambda.TradeItems;
import dev.tradelake.model.Trade;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The tutorial design's storage side: one PutItem per trade, one call after the other, as a
 * handler that loops over its records does. The baseline our batched writes are compared with.
 */
public final class PutItemLoop {

    private static final int WARM_UP = 300;

    private PutItemLoop() {}

    /** Items per second over {@code trades}, after a short warm-up on other items of the same table. */
    public static double run(DynamoDbClient dynamo, String table, List<Trade> warmUp, List<Trade> trades) {
        long now = System.currentTimeMillis();
        for (Trade t : warmUp.subList(0, Math.min(WARM_UP, warmUp.size()))) {
            dynamo.putItem(b -> b.tableName(table).item(TradeItems.item(t, now, 0)));
        }
        long start = System.nanoTime();
        for (Trade t : trades) {
            dynamo.putItem(b -> b.tableName(table).item(TradeItems.item(t, System.currentTimeMillis(), 0)));
        }
        return trades.size() / ((System.nanoTime() - start) / 1e9);
    }
}
