package dev.tradelake.local.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tradelake.model.TradesTable;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

@ExtendWith(LocalAwsExtension.class)
class LocalAwsITCase {

    @Test
    void streamTakesAndReturnsRecordsLargerThanKinesalitesCborLimit(LocalAws aws) {
        String stream = LocalAws.uniqueName("stream");
        aws.createStream(stream, 1);
        byte[] big = new byte[100_000];
        aws.kinesis().putRecord(b -> b.streamName(stream).partitionKey("SPY").data(SdkBytes.fromByteArray(big)));

        String shard = aws.kinesis()
                .listShards(b -> b.streamName(stream))
                .shards()
                .get(0)
                .shardId();
        String iterator = aws.kinesis()
                .getShardIterator(
                        b -> b.streamName(stream).shardId(shard).shardIteratorType(ShardIteratorType.TRIM_HORIZON))
                .shardIterator();
        var records = aws.kinesis().getRecords(b -> b.shardIterator(iterator)).records();

        assertThat(records).hasSize(1);
        assertThat(records.get(0).data().asByteArray()).hasSize(big.length);
    }

    @Test
    void tradesTableIsKeyedBySymbolAndSortKey(LocalAws aws) {
        String table = LocalAws.uniqueName("trades");
        aws.createTradesTable(table);
        aws.dynamoDb()
                .putItem(b -> b.tableName(table)
                        .item(Map.of(
                                TradesTable.PARTITION_KEY, AttributeValue.fromS("SPY"),
                                TradesTable.SORT_KEY, AttributeValue.fromS("0001381132800465#000000"))));

        var keys = aws.dynamoDb().describeTable(b -> b.tableName(table)).table().keySchema();
        assertThat(keys)
                .extracting(k -> k.attributeName())
                .containsExactly(TradesTable.PARTITION_KEY, TradesTable.SORT_KEY);
        assertThat(aws.dynamoDb().scan(b -> b.tableName(table)).count()).isEqualTo(1);
    }

    @Test
    void aClientLeavingMidRequestKillsNeitherEmulator(LocalAws aws) throws Exception {
        for (URI endpoint : List.of(aws.dynamoDbEndpoint(), aws.kinesisEndpoint())) {
            try (Socket socket = new Socket(endpoint.getHost(), endpoint.getPort())) {
                socket.getOutputStream()
                        .write(("POST / HTTP/1.1\r\nHost: " + endpoint.getHost()
                                        + "\r\nContent-Type: application/x-amz-json-1.0\r\nContent-Length: 1000\r\n\r\n{\"Tab")
                                .getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
                Thread.sleep(200);
                socket.setSoLinger(true, 0); // close with a reset, as a timed-out SDK attempt can
            }
        }
        Thread.sleep(500);

        assertThat(aws.isAlive()).isTrue();
        assertThat(aws.dynamoDb().listTables().tableNames()).isNotNull();
        assertThat(aws.kinesis().listStreams().streamNames()).isNotNull();
    }

    @Test
    void emulatorsAreSharedAcrossTestsOfOneJvm(LocalAws first) {
        assertThat(first.isAlive()).isTrue();
        assertThat(first.kinesisEndpoint().getHost()).isEqualTo("127.0.0.1");
    }
}
