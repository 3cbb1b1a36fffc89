package dev.tradelake.flink;

import dev.tradelake.model.Bar;
import dev.tradelake.model.BarsTable;
import java.util.List;
import java.util.Properties;
import org.apache.flink.connector.aws.config.AWSConfigConstants;
import org.apache.flink.connector.dynamodb.sink.DynamoDbSink;

/** The bars table sink: {@code DynamoDbSink} from {@code flink-connector-dynamodb}, one PUT per bar. */
public final class DynamoDbBarsSink {
    /** Bars reach the table at most this long after they were emitted (the connector's default is 5 s). */
    static final long MAX_TIME_IN_BUFFER_MS = 1_000;

    private DynamoDbBarsSink() {
    }

    public static DynamoDbSink<Bar> create(BarsJobConfig config, String region) {
        Properties p = new Properties();
        p.setProperty(AWSConfigConstants.AWS_REGION, region);
        config.dynamoDbEndpoint().ifPresent(endpoint -> {
            p.setProperty(AWSConfigConstants.AWS_ENDPOINT, endpoint.toString());
            LocalCredentials.applyIfLocal(p, endpoint);
        });
        return DynamoDbSink.<Bar>builder()
                .setTableName(config.barsTable())
                .setElementConverter(new BarItemConverter())
                // One batch may hold two versions of a bar (a late trade re-emits it); BatchWriteItem
                // refuses duplicate keys, so keep the newest per key.
                .setOverwriteByPartitionKeys(List.of(BarsTable.PARTITION_KEY, BarsTable.SORT_KEY))
                .setMaxTimeInBufferMS(MAX_TIME_IN_BUFFER_MS)
                .setDynamoDbProperties(p)
                .build();
    }
}
