package dev.tradelake.launcher.dashboard;

import dev.tradelake.flink.BarItemConverter;
import dev.tradelake.lambda.TradeItems;
import dev.tradelake.local.aws.LocalAws;
import dev.tradelake.model.Bar;
import dev.tradelake.model.Trade;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Fresh trades and bars tables in the emulator, filled with items as the Lambda and the Flink job
 * write them, and a dashboard over them on a free port.
 */
final class LakeFixture implements AutoCloseable {

    final LocalAws aws;
    final String tradesTable = LocalAws.uniqueName("dash-trades");
    final String barsTable = LocalAws.uniqueName("dash-bars");
    final DashboardServer server;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    LakeFixture(LocalAws aws) {
        this.aws = aws;
        aws.createTradesTable(tradesTable);
        aws.createBarsTable(barsTable);
        Lake lake = new DynamoLake(aws.dynamoDb(), tradesTable, barsTable, List::of);
        server = DashboardServer.start(
                new InetSocketAddress("127.0.0.1", 0),
                lake,
                () -> new Health(false, null, null, null, null, null, null, null, null, null));
    }

    void putBars(List<Bar> bars) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        for (Bar b : bars) {
            items.add(BarItemConverter.toItem(b, 0));
        }
        write(barsTable, items);
    }

    void putTrades(List<Trade> trades) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        for (Trade t : trades) {
            items.add(TradeItems.item(t, System.currentTimeMillis(), 0));
        }
        write(tradesTable, items);
    }

    private void write(String table, List<Map<String, AttributeValue>> items) {
        for (int i = 0; i < items.size(); i += 25) {
            List<WriteRequest> batch = items.subList(i, Math.min(items.size(), i + 25)).stream()
                    .map(item -> WriteRequest.builder()
                            .putRequest(PutRequest.builder().item(item).build())
                            .build())
                    .toList();
            Map<String, List<WriteRequest>> pending = Map.of(table, batch);
            while (!pending.isEmpty()) {
                Map<String, List<WriteRequest>> request = pending;
                pending = aws.dynamoDb()
                        .batchWriteItem(b -> b.requestItems(request))
                        .unprocessedItems();
            }
        }
    }

    URI uri(String pathAndQuery) {
        return server.uri().resolve(pathAndQuery);
    }

    HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(uri(pathAndQuery))
                        .timeout(Duration.ofSeconds(30))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        server.close();
        aws.dynamoDb().deleteTable(b -> b.tableName(tradesTable));
        aws.dynamoDb().deleteTable(b -> b.tableName(barsTable));
    }
}
