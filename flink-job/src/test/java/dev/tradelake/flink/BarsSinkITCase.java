package dev.tradelake.flink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tradelake.local.aws.LocalAws;
import dev.tradelake.local.aws.LocalAwsExtension;
import dev.tradelake.model.Bar;
import dev.tradelake.model.BarsTable;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The bars sink against the DynamoDB emulator: versions of a bar arriving out of order (a retry
 * overtaken by a newer write, a restart re-emitting an older one) never replace a fuller one,
 * the final version lands once, and a bar the table refuses is counted and skipped without
 * failing the job.
 */
@ExtendWith(LocalAwsExtension.class)
class BarsSinkITCase {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = MiniClusters.parallelismTwo();

    private static final long T0 = 1_381_132_800_000L;

    private static Bar bar(long trades, double close) {
        return new Bar("SPY", 60_000, T0, 10, 12, 9, close, trades * 100, trades * 1_000, trades);
    }

    @Test
    void aStoredBarNeverGoesBackwards(LocalAws aws) throws Exception {
        String table = LocalAws.uniqueName("bars");
        aws.createBarsTable(table);
        Bar poison = new Bar(
                "BAD",
                60_000,
                T0,
                BigDecimal.ONE,
                BigDecimal.ONE,
                BigDecimal.ONE,
                BigDecimal.ONE,
                new BigDecimal("1e200"),
                BigDecimal.ONE,
                1);
        List<Bar> writes = List.of(
                bar(3, 11), // revision 1
                bar(2, 10), // older, partial: refused
                poison, // DynamoDB cannot store 1e200: counted and skipped
                bar(5, 9.5), // fuller: revision 2
                bar(5, 9.5).withFinal(true), // final: revision 3
                bar(5, 9.5), // a re-emission after a restart: refused
                bar(4, 9.7).withFinal(true), // an older final one: refused
                bar(5, 9.5).withFinal(true)); // the same write again (a retry): refused

        Configuration config = JobConfiguration.fromArgs(new String[] {
            "--" + BarsJobOptions.STREAM_ARN.key(), LocalAws.streamArn("unused").toString(),
            "--" + BarsJobOptions.BARS_TABLE.key(), table,
            "--" + BarsJobOptions.AWS_REGION.key(), LocalAws.REGION.id(),
            "--" + BarsJobOptions.DYNAMODB_ENDPOINT.key(),
                    aws.dynamoDbEndpoint().toString()
        });
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1); // in this order, one write at a time
        env.fromData(TypeInformation.of(Bar.class), writes.toArray(Bar[]::new))
                .sinkTo(DynamoDbBarsSink.create(config, LocalAws.REGION.id()).withMaxInFlight(1));
        env.execute("bars-sink");

        List<Map<String, AttributeValue>> items =
                aws.dynamoDb().scan(b -> b.tableName(table)).items();
        assertThat(items).hasSize(1);
        Map<String, AttributeValue> item = items.get(0);
        assertThat(item.get(BarsTable.TRADES).n()).isEqualTo("5");
        assertThat(item.get(BarsTable.CLOSE).n()).isEqualTo("9.5");
        assertThat(item.get(BarsTable.VOLUME).n()).isEqualTo("500");
        assertThat(item.get(BarsTable.FINAL).bool()).isTrue();
        assertThat(item.get(BarsTable.REVISION).n())
                .as("the first, the fuller and the final write")
                .isEqualTo("3");
    }
}
