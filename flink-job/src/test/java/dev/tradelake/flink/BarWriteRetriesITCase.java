package dev.tradelake.flink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tradelake.local.aws.LocalAws;
import dev.tradelake.local.aws.LocalAwsExtension;
import dev.tradelake.local.fault.FaultInjector;
import dev.tradelake.local.fault.FaultInjector.Failure;
import dev.tradelake.model.Bar;
import java.util.stream.LongStream;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The bars sink's retries are counted where Managed Flink publishes them: with a DynamoDB that
 * answers some writes with server errors (the fault injector in front of the emulator), every bar
 * is still stored and {@code barWriteRetries} equals the number of failed requests.
 */
@ExtendWith(LocalAwsExtension.class)
class BarWriteRetriesITCase {

    private static final InMemoryReporter METRICS = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER =
            new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
                    .setConfiguration(METRICS.addToConfiguration(new Configuration()))
                    .setNumberTaskManagers(1)
                    .setNumberSlotsPerTaskManager(MiniClusters.PARALLELISM)
                    .build());

    private static final long T0 = 1_381_132_800_000L;
    private static final int BARS = 20;

    @Test
    void retriedWritesAreCountedAndEveryBarIsStored(LocalAws aws) throws Exception {
        String table = LocalAws.uniqueName("bars");
        aws.createBarsTable(table);
        try (FaultInjector dynamo = FaultInjector.start(aws.dynamoDbEndpoint())) {
            dynamo.seed(7).fail(Failure.SERVER_ERROR, 0.3, "UpdateItem");
            Configuration config = JobConfiguration.fromArgs(new String[] {
                "--" + BarsJobOptions.STREAM_ARN.key(),
                        LocalAws.streamArn("unused").toString(),
                "--" + BarsJobOptions.BARS_TABLE.key(), table,
                "--" + BarsJobOptions.AWS_REGION.key(), LocalAws.REGION.id(),
                "--" + BarsJobOptions.DYNAMODB_ENDPOINT.key(), dynamo.endpoint().toString()
            });
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.setParallelism(MiniClusters.PARALLELISM);
            Bar[] bars = LongStream.range(0, BARS)
                    .mapToObj(i -> new Bar("SPY", 60_000, T0 + i * 60_000, 10, 12, 9, 11, 100, 1_000, 1))
                    .toArray(Bar[]::new);
            env.fromData(TypeInformation.of(Bar.class), bars)
                    .sinkTo(DynamoDbBarsSink.create(config, LocalAws.REGION.id()));
            env.execute("bar-write-retries");

            long failed = dynamo.stats().failed();
            assertThat(failed).as("the injector failed some writes").isPositive();
            assertThat(aws.dynamoDb().scan(b -> b.tableName(table)).items()).hasSize(BARS);
            long retries = METRICS.getMetricsByGroup().entrySet().stream()
                    .filter(group -> isManagedFlinkGroup(group.getKey()))
                    .map(group -> group.getValue().get(BarsMetrics.BAR_WRITE_RETRIES))
                    .filter(metric -> metric != null)
                    .mapToLong(metric -> ((Counter) metric).getCount())
                    .sum();
            assertThat(retries).as("one retry per failed request").isEqualTo(failed);
        }
    }

    private static boolean isManagedFlinkGroup(MetricGroup group) {
        String[] scope = group.getScopeComponents();
        return scope.length > 0 && BarsMetrics.MANAGED_FLINK_GROUP.equals(scope[scope.length - 1]);
    }
}
